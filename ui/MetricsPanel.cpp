#include "ui/MetricsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ds::ui {

MetricsPanel::MetricsPanel(QWidget* parent) : QWidget(parent) {
  table_ = new QTableWidget(0, 9);
  table_->setObjectName("metricsTable");
  table_->setHorizontalHeaderLabels({tr("stage"), "AbsRel", "SqRel", "RMSE", "RMSE log", "log10",
                                     QString::fromUtf8("δ1"), QString::fromUtf8("δ2"),
                                     QString::fromUtf8("δ3")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  note_ = new QLabel(tr("Load a ground-truth depth with the image to see metrics."));
  note_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(table_);
  layout->addWidget(note_);
}

int MetricsPanel::rowCount() const {
  return table_->rowCount();
}

void MetricsPanel::showResult(const ResultViews& views) {
  table_->setRowCount(0);
  for (const StageView& s : views.stages) {
    if (!s.hasMetrics) continue;
    const int r = table_->rowCount();
    table_->insertRow(r);
    const DepthMetrics& m = s.metrics.metrics;
    const double values[] = {m.absRel, m.sqRel,  m.rmse,   m.rmseLog,
                             m.log10,  m.delta1, m.delta2, m.delta3};
    table_->setItem(r, 0, new QTableWidgetItem(s.name));
    for (int c = 0; c < 8; ++c)
      table_->setItem(r, c + 1, new QTableWidgetItem(QString::number(values[c], 'f', 4)));
  }
  if (!views.groundTruthProblem.isEmpty()) {
    note_->setText(tr("Ground truth: %1").arg(views.groundTruthProblem));
  } else if (table_->rowCount() > 0) {
    QString text =
        tr("Relative stages are aligned to the ground truth per image (least-squares "
           "scale and shift, positive scale) before scoring.");
    // Metrics over part of the ground truth can flatter a stage: say how much was left out.
    for (const StageView& s : views.stages)
      if (s.hasMetrics && s.metrics.metrics.count < s.metrics.metrics.truthPixels)
        text += " " + tr("Warning: %1 has no value on %2 % of the ground-truth pixels, which "
                         "are not scored.")
                          .arg(s.name)
                          .arg(100.0 * (1.0 - s.metrics.coverage()), 0, 'f', 1);
    note_->setText(text);
  } else {
    note_->setText(tr("Load a ground-truth depth with the image to see metrics."));
  }
}

QString MetricsPanel::noteText() const {
  return note_->text();
}

}  // namespace ds::ui
