#pragma once
// Base | restored | refined side by side (depth maps with linked zoom, or 3D views with linked
// cameras), a wipe between any two stages, and their signed difference.
#include <QWidget>
#include <array>

#include "core/image/ColormapOptions.h"
#include "ui/ResultViews.h"

class QComboBox;
class QStackedWidget;
class QCheckBox;
class QLabel;

namespace ds::ui {

class DepthView;
class View3DHost;
class MetricsPanel;
class WipeView;

class ComparePanel : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { SideBySide = 0, Wipe = 1, Difference = 2 };
  explicit ComparePanel(QWidget* parent = nullptr);
  void showResult(const ResultViews& views);
  void setColormap(const ColormapOptions& options);
  void setMode(Mode mode);
  void setThreeD(bool on);
  // The comparison as one picture (for export).
  QImage grabComparison();
  DepthView* pane(int i) const { return panes_[size_t(i)]; }
  View3DHost* pane3d(int i) const { return panes3d_[size_t(i)]; }

 private:
  void refresh();
  ResultViews views_;
  ColormapOptions colormap_;
  QComboBox *mode_, *a_, *b_;
  QCheckBox* threeD_;
  QStackedWidget* stack_;
  std::array<DepthView*, 3> panes_{};
  std::array<View3DHost*, 3> panes3d_{};
  QStackedWidget* sideStack_;
  WipeView* wipe_;
  DepthView* difference_;
  QLabel* note_;
  MetricsPanel* metrics_;  // per-stage scores, shown when there is a ground truth
};

}  // namespace ds::ui
