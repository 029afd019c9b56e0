#include "ui/StepSlider.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

namespace ds::ui {

StepSlider::StepSlider(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  layout->addWidget(new QLabel(tr("Diffusion steps:")));
  stageBox_ = new QComboBox;
  stageBox_->setObjectName("stepStage");
  stageBox_->setMinimumContentsLength(9);
  layout->addWidget(stageBox_);
  slider_ = new QSlider(Qt::Horizontal);
  slider_->setObjectName("stepSlider");
  slider_->setMinimum(0);
  slider_->setPageStep(1);
  slider_->setTickPosition(QSlider::TicksBelow);
  layout->addWidget(slider_, 1);
  label_ = new QLabel(tr("no diffusion stage"));
  label_->setMinimumWidth(170);
  layout->addWidget(label_);
  connect(slider_, &QSlider::valueChanged, this, [this] { emitCurrent(); });
  connect(stageBox_, &QComboBox::currentTextChanged, this, [this] {
    refresh();
    emitCurrent();
  });
  refresh();
}

void StepSlider::clear() {
  tracks_.clear();
  const QSignalBlocker b(stageBox_);
  stageBox_->clear();
  refresh();
}

void StepSlider::setTrajectory(const QString& stage,
                               std::vector<std::shared_ptr<const DepthMap>> frames,
                               std::vector<long long> timesteps) {
  tracks_[stage] = {std::move(frames), std::move(timesteps)};
  if (stageBox_->findText(stage) < 0) {
    const QSignalBlocker b(stageBox_);
    stageBox_->addItem(stage);
  }
  refresh();
}

void StepSlider::addLiveFrame(const QString& stage, int step, int steps,
                              std::shared_ptr<const DepthMap> frame) {
  Track& t = tracks_[stage];
  if (step == 1) t = {};
  t.frames.resize(size_t(std::max(steps, step)));
  t.frames[size_t(step - 1)] = std::move(frame);
  if (stageBox_->findText(stage) < 0) stageBox_->addItem(stage);
  {
    const QSignalBlocker b(stageBox_);
    stageBox_->setCurrentText(stage);
  }
  refresh();
  const QSignalBlocker b(slider_);
  slider_->setValue(step - 1);
  emitCurrent();
}

QString StepSlider::stage() const {
  return stageBox_->currentText();
}

int StepSlider::step() const {
  return slider_->value();
}

int StepSlider::stepCount() const {
  const auto it = tracks_.find(stage());
  return it == tracks_.end() ? 0 : int(it->second.frames.size());
}

void StepSlider::setStep(int index) {
  slider_->setValue(index);
}

void StepSlider::setStage(const QString& stage) {
  stageBox_->setCurrentText(stage);
}

void StepSlider::refresh() {
  const int n = stepCount();
  const QSignalBlocker b(slider_);
  slider_->setEnabled(n > 1);
  slider_->setMaximum(std::max(0, n - 1));
  if (slider_->value() > n - 1) slider_->setValue(std::max(0, n - 1));
  if (n == 0) label_->setText(tr("no diffusion stage"));
}

void StepSlider::emitCurrent() {
  const auto it = tracks_.find(stage());
  if (it == tracks_.end() || it->second.frames.empty()) {
    Q_EMIT frameSelected(stage(), 0, nullptr);
    return;
  }
  const int i = std::clamp(slider_->value(), 0, int(it->second.frames.size()) - 1);
  QString text = tr("step %1 / %2").arg(i + 1).arg(it->second.frames.size());
  if (size_t(i) < it->second.timesteps.size())
    text += tr("  (t = %1)").arg(it->second.timesteps[size_t(i)]);
  if (i + 1 == int(it->second.frames.size())) text += tr("  result");
  label_->setText(text);
  Q_EMIT frameSelected(stage(), i, it->second.frames[size_t(i)]);
}

}  // namespace ds::ui
