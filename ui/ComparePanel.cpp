#include "ui/ComparePanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/eval/StageDifference.h"
#include "core/util/Error.h"
#include "ui/DepthView.h"
#include "ui/MetricsPanel.h"
#include "ui/View3DHost.h"
#include "ui/WipeView.h"

namespace ds::ui {

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent) {
  mode_ = new QComboBox;
  mode_->setObjectName("compareMode");
  mode_->addItems({tr("Side by side"), tr("Wipe"), tr("Signed difference")});
  a_ = new QComboBox;
  b_ = new QComboBox;
  a_->setObjectName("compareA");
  b_->setObjectName("compareB");
  threeD_ = new QCheckBox(tr("3D (linked cameras)"));
  threeD_->setObjectName("compare3d");
  note_ = new QLabel;
  auto* controls = new QHBoxLayout;
  controls->addWidget(mode_);
  controls->addWidget(new QLabel(tr("A")));
  controls->addWidget(a_);
  controls->addWidget(new QLabel(tr("B")));
  controls->addWidget(b_);
  controls->addWidget(threeD_);
  controls->addWidget(note_, 1);

  auto* side = new QWidget;
  auto* sideLayout = new QHBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  auto* side3d = new QWidget;
  auto* side3dLayout = new QHBoxLayout(side3d);
  side3dLayout->setContentsMargins(0, 0, 0, 0);
  for (size_t i = 0; i < 3; ++i) {
    panes_[i] = new DepthView;
    panes_[i]->setObjectName(QString("comparePane%1").arg(i));
    sideLayout->addWidget(panes_[i]);
    panes3d_[i] = new View3DHost;
    side3dLayout->addWidget(panes3d_[i]);
  }
  // Linked zoom and linked cameras: every pane follows the one the user moves.
  for (size_t i = 0; i < 3; ++i) {
    connect(panes_[i], &DepthView::viewChanged, this, [this, i](double zoom, QPointF centre) {
      for (size_t j = 0; j < 3; ++j)
        if (j != i) panes_[j]->setView(zoom, centre);
    });
    connect(panes3d_[i], &View3DHost::cameraChanged, this, [this, i](const OrbitCamera& c) {
      for (size_t j = 0; j < 3; ++j)
        if (j != i) panes3d_[j]->setCamera(c);
    });
  }
  sideStack_ = new QStackedWidget;
  sideStack_->addWidget(side);
  sideStack_->addWidget(side3d);
  wipe_ = new WipeView;
  wipe_->setObjectName("wipe");
  difference_ = new DepthView;
  difference_->setObjectName("difference");
  stack_ = new QStackedWidget;
  stack_->addWidget(sideStack_);
  stack_->addWidget(wipe_);
  stack_->addWidget(difference_);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(stack_, 1);
  metrics_ = new MetricsPanel;
  metrics_->setObjectName("compareMetrics");
  metrics_->setMaximumHeight(150);
  metrics_->hide();
  layout->addWidget(metrics_);
  connect(mode_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { refresh(); });
  connect(a_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { refresh(); });
  connect(b_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { refresh(); });
  connect(threeD_, &QCheckBox::toggled, this, [this] { refresh(); });
}

void ComparePanel::setMode(Mode mode) {
  mode_->setCurrentIndex(int(mode));
}

void ComparePanel::setThreeD(bool on) {
  threeD_->setChecked(on);
}

void ComparePanel::setColormap(const ColormapOptions& options) {
  colormap_ = options;
  for (DepthView* p : panes_)
    p->setColormap(options);
  wipe_->setColormap(options);
}

void ComparePanel::showResult(const ResultViews& views) {
  views_ = views;
  const QSignalBlocker ba(a_), bb(b_);
  a_->clear();
  b_->clear();
  for (const StageView& s : views_.stages) {
    a_->addItem(s.name);
    b_->addItem(s.name);
  }
  // Default pair: the base against the last (most refined) stage.
  a_->setCurrentIndex(0);
  b_->setCurrentIndex(std::max(0, int(views_.stages.size()) - 1));
  metrics_->showResult(views_);
  metrics_->setVisible(metrics_->rowCount() > 0);
  refresh();
}

void ComparePanel::refresh() {
  const Mode mode = Mode(mode_->currentIndex());
  stack_->setCurrentIndex(int(mode));
  sideStack_->setCurrentIndex(threeD_->isChecked() ? 1 : 0);
  a_->setEnabled(mode != Mode::SideBySide);
  b_->setEnabled(mode != Mode::SideBySide);
  note_->clear();
  // Side by side: base, restored, refined when present, else the first three stages.
  std::vector<const StageView*> shown;
  for (const char* name : {"base", "restored", "refined"})
    if (const StageView* s = views_.stage(name)) shown.push_back(s);
  for (const StageView& s : views_.stages)
    if (shown.size() < 3 && std::find(shown.begin(), shown.end(), &s) == shown.end())
      shown.push_back(&s);
  for (size_t i = 0; i < 3; ++i) {
    const StageView* s = i < shown.size() ? shown[i] : nullptr;
    panes_[i]->setVisible(s != nullptr);
    panes3d_[i]->setVisible(s != nullptr);
    panes_[i]->setDepth(s ? s->depth : nullptr, s ? s->name : QString());
    if (threeD_->isChecked()) panes3d_[i]->setModel(s ? s->mesh : nullptr);
  }
  const StageView* a = views_.stage(a_->currentText());
  const StageView* b = views_.stage(b_->currentText());
  if (mode == Mode::Wipe && a && b) wipe_->setMaps(a->depth, a->name, b->depth, b->name);
  if (mode == Mode::Difference && a && b) {
    try {
      const StageDifference d = stageDifference(*a->depth, *b->depth);
      ColormapOptions o;
      o.map = ColormapName::Turbo;
      o.range = RangeMode::Manual;
      const double span = std::max(1e-9, 0.25 * d.referenceRange);
      o.lo = -span;
      o.hi = span;
      o.nearIsHigh = true;
      difference_->setColormap(o);
      difference_->setDepth(std::make_shared<const DepthMap>(d.difference),
                            tr("%1 − %2 (aligned)").arg(b->name, a->name));
      note_->setText(tr("mean |difference| %1 in inverse-depth units (%2 % of the range); red: B "
                        "nearer than A")
                         .arg(d.meanAbs, 0, 'g', 3)
                         .arg(100.0 * d.meanAbs / std::max(1e-12, d.referenceRange), 0, 'f', 1));
    } catch (const Error& e) {
      note_->setText(QString::fromStdString(e.what()));
    }
  }
}

QImage ComparePanel::grabComparison() {
  return stack_->currentWidget()->grab().toImage();
}

}  // namespace ds::ui
