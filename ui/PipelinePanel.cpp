#include "ui/PipelinePanel.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ds::ui {

namespace {

QSpinBox* spin(int lo, int hi, int value, const QString& name) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(value);
  s->setObjectName(name);
  return s;
}

// "1 step", "10 steps": the suffix follows the count (setOptions sets values with signals blocked).
void showStepCount(QSpinBox* steps) {
  steps->setSuffix(steps->value() == 1 ? PipelinePanel::tr(" step") : PipelinePanel::tr(" steps"));
}

}  // namespace

PipelinePanel::PipelinePanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout;
  model_ = new QComboBox;
  model_->setObjectName("baseModel");
  model_->addItem(tr("automatic (built-in / stereo)"), QString());
  form->addRow(tr("Base model"), model_);

  auto stageRow = [&](QCheckBox*& box, QSpinBox*& steps, const QString& label,
                      const QString& name) {
    box = new QCheckBox(label);
    box->setObjectName(name);
    steps = spin(1, 1000, 10, name + "Steps");
    showStepCount(steps);
    QObject::connect(steps, qOverload<int>(&QSpinBox::valueChanged), steps,
                     [steps] { showStepCount(steps); });
    auto* row = new QHBoxLayout;
    row->addWidget(box);
    row->addWidget(steps);
    form->addRow(row);
  };
  stageRow(restore_, restoreSteps_, tr("Restore (InvT-IndDiffusion)"), "restore");
  auxView_ = new QCheckBox(tr("use the right view (AV-LFE)"));
  auxView_->setObjectName("auxView");
  auxView_->setChecked(true);
  form->addRow(QString(), auxView_);
  stageRow(refine_, refineSteps_, tr("Refine (BetterDepth)"), "refine");
  stageRow(depthgen_, depthgenSteps_, tr("DepthGen"), "depthgen");
  ensemble_ = spin(1, DiffusionStageOptions::kMaxEnsemble, 1, "ensemble");
  ensemble_->setToolTip(
      tr("samples per diffusion stage, run as one batch; 2 or more give an "
         "uncertainty map"));
  form->addRow(tr("Ensemble"), ensemble_);
  seed_ = spin(0, 1 << 30, 0, "seed");
  form->addRow(tr("Seed"), seed_);
  size_ = spin(0, 2048, 0, "workingSize");
  size_->setSingleStep(32);
  size_->setSuffix(tr(" px"));
  size_->setSpecialValueText(tr("model's own"));
  size_->setToolTip(
      tr("longer side the networks run at; \"model's own\" is the size each was trained at, "
         "where it scores best"));
  form->addRow(tr("Working size"), size_);
  device_ = new QComboBox;
  device_->setObjectName("device");
  device_->addItems({"auto", "cpu", "cuda"});
  form->addRow(tr("Device"), device_);

  run_ = new QPushButton(tr("Run"));
  run_->setObjectName("run");
  run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  cancel_ = new QPushButton(tr("Cancel"));
  cancel_->setObjectName("cancel");
  cancel_->setEnabled(false);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(run_);
  buttons->addWidget(cancel_);
  progress_ = new QProgressBar;
  progress_->setObjectName("progress");
  progress_->setRange(0, 100);  // QProgressBar repaints synchronously: only per percent
  progress_->setValue(0);
  status_ = new QLabel(tr("drop an image or a stereo pair"));
  status_->setWordWrap(true);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addStretch(1);

  connect(run_, &QPushButton::clicked, this, &PipelinePanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &PipelinePanel::cancelRequested);
  // AV-LFE is part of restoration: offered while restoration is on.
  connect(restore_, &QCheckBox::toggled, auxView_, &QCheckBox::setEnabled);
  auxView_->setEnabled(restore_->isChecked());
  for (QCheckBox* b : {restore_, refine_, depthgen_, auxView_})
    connect(b, &QCheckBox::toggled, this, &PipelinePanel::optionsChanged);
  for (QSpinBox* s : {restoreSteps_, refineSteps_, depthgenSteps_, ensemble_, seed_, size_})
    connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &PipelinePanel::optionsChanged);
  for (QComboBox* c : {model_, device_})
    connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &PipelinePanel::optionsChanged);
}

void PipelinePanel::setModels(const std::vector<ModelInfo>& models) {
  const QSignalBlocker b(model_);
  const QString current = model_->currentData().toString();
  while (model_->count() > 1)
    model_->removeItem(1);
  for (const ModelInfo& m : models)
    if (m.format != "builtin" || m.id == PipelineOptions::kBuiltinBase)
      model_->addItem(QString::fromStdString(m.id + "  (" + m.format + ")"),
                      QString::fromStdString(m.id));
  const int i = model_->findData(current);
  model_->setCurrentIndex(std::max(0, i));
  // A diffusion stage without its built-in model cannot run: say so instead of failing later.
  auto offer = [&models](QCheckBox* box, QSpinBox* steps, const char* id) {
    const bool found =
        std::any_of(models.begin(), models.end(), [id](const ModelInfo& m) { return m.id == id; });
    box->setEnabled(found);
    steps->setEnabled(found);
    if (!found) box->setChecked(false);
    box->setToolTip(found ? QString()
                          : tr("no %1 model is installed (%1.json in a model folder)").arg(id));
  };
  offer(restore_, restoreSteps_, PipelineOptions::kBuiltinRestorer);
  offer(refine_, refineSteps_, PipelineOptions::kBuiltinRefiner);
  offer(depthgen_, depthgenSteps_, PipelineOptions::kBuiltinDepthGen);
}

void PipelinePanel::setOptions(const PipelineOptions& o) {
  base_ = o;
  const QSignalBlocker b1(model_), b2(restore_), b3(refine_), b4(depthgen_), b5(auxView_),
      b6(restoreSteps_), b7(refineSteps_), b8(depthgenSteps_), b9(ensemble_), b10(seed_),
      b11(size_), b12(device_);
  const int i = model_->findData(QString::fromStdString(o.model));
  if (i >= 0) model_->setCurrentIndex(i);
  restore_->setChecked(o.restore.enabled && restore_->isEnabled());
  refine_->setChecked(o.refine.enabled && refine_->isEnabled());
  depthgen_->setChecked(o.depthgen.enabled && depthgen_->isEnabled());
  auxView_->setChecked(o.auxView);
  auxView_->setEnabled(restore_->isChecked());
  restoreSteps_->setValue(o.restore.sampling.steps);
  refineSteps_->setValue(o.refine.sampling.steps);
  depthgenSteps_->setValue(o.depthgen.sampling.steps);
  for (QSpinBox* steps : {restoreSteps_, refineSteps_, depthgenSteps_})
    showStepCount(steps);
  ensemble_->setValue(o.refine.sampling.ensemble);
  seed_->setValue(int(o.refine.sampling.seed));
  size_->setValue(o.workingSize);
  device_->setCurrentText(QString::fromStdString(o.modelOptions.device));
}

PipelineOptions PipelinePanel::options() const {
  PipelineOptions o = base_;
  o.model = model_->currentData().toString().toStdString();
  o.restore.enabled = restore_->isChecked();
  o.refine.enabled = refine_->isChecked();
  o.depthgen.enabled = depthgen_->isChecked();
  o.auxView = auxView_->isChecked();
  o.restore.sampling.steps = restoreSteps_->value();
  o.refine.sampling.steps = refineSteps_->value();
  o.depthgen.sampling.steps = depthgenSteps_->value();
  for (DiffusionStageSettings* s : {&o.restore, &o.refine, &o.depthgen}) {
    s->sampling.ensemble = ensemble_->value();
    s->sampling.seed = uint64_t(seed_->value());
  }
  // 1..31 can be typed, but no network runs that small: round up to 32.
  o.workingSize = size_->value() == 0 ? 0 : std::max(32, size_->value());
  o.modelOptions.device = device_->currentText().toStdString();
  return o;
}

void PipelinePanel::setRunning(bool running) {
  cancel_->setEnabled(running);
  run_->setText(running ? tr("Run again") : tr("Run"));
}

void PipelinePanel::showProgress(double fraction, const QString& stage, int step, int steps,
                                 const QString& message) {
  progress_->setValue(int(fraction * 100));
  QString text = stage;
  if (steps > 0) text += tr(" — step %1 of %2").arg(step).arg(steps);
  if (!message.isEmpty()) text += " — " + message;
  status_->setText(text);
}

void PipelinePanel::showIdle(const QString& text) {
  status_->setText(text);
}

}  // namespace ds::ui
