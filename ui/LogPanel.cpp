#include "ui/LogPanel.h"

#include <QTime>

namespace ds::ui {

LogPanel::LogPanel(QWidget* parent) : QPlainTextEdit(parent) {
  setReadOnly(true);
  setMaximumBlockCount(5000);
  setObjectName("log");
}

void LogPanel::info(const QString& text) {
  appendPlainText(QTime::currentTime().toString("HH:mm:ss  ") + text);
}

void LogPanel::warning(const QString& text) {
  appendHtml(QString("<span style='color:#d0a030'>%1  warning: %2</span>")
                 .arg(QTime::currentTime().toString("HH:mm:ss"), text.toHtmlEscaped()));
}

void LogPanel::error(const QString& text) {
  appendHtml(QString("<span style='color:#e06060'>%1  error: %2</span>")
                 .arg(QTime::currentTime().toString("HH:mm:ss"), text.toHtmlEscaped()));
}

}  // namespace ds::ui
