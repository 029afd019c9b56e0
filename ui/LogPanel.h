#pragma once
// What happened, with times: runs started and finished, warnings, errors, exports.
#include <QPlainTextEdit>

namespace ds::ui {

class LogPanel : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit LogPanel(QWidget* parent = nullptr);
  void info(const QString& text);
  void warning(const QString& text);
  void error(const QString& text);
};

}  // namespace ds::ui
