#pragma once
// Per-stage metrics against the loaded ground truth (AbsRel, SqRel, RMSE, RMSE log, log10,
// delta 1-3), after the alignment each stage's kind requires.
#include <QWidget>

#include "ui/ResultViews.h"

class QTableWidget;
class QLabel;

namespace ds::ui {

class MetricsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit MetricsPanel(QWidget* parent = nullptr);
  void showResult(const ResultViews& views);
  int rowCount() const;
  QString noteText() const;  // what the panel says under the table

 private:
  QTableWidget* table_;
  QLabel* note_;
};

}  // namespace ds::ui
