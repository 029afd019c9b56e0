#include "ui/View3DHost.h"

#include <QVBoxLayout>

namespace ds::ui {

View3DHost::View3DHost(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  setMinimumSize(200, 150);
}

void View3DHost::showEvent(QShowEvent* e) {
  QWidget::showEvent(e);
  if (view_) return;
  view_ = new View3D;
  view_->setMode(mode_);
  view_->setDiscontinuityThreshold(threshold_);
  view_->setModel(model_);
  view_->setCamera(camera_);
  connect(view_, &View3D::cameraChanged, this, [this](const OrbitCamera& c) {
    camera_ = c;
    Q_EMIT cameraChanged(c);
  });
  layout()->addWidget(view_);
}

void View3DHost::setModel(std::shared_ptr<const MeshModel> model) {
  model_ = std::move(model);
  if (view_) view_->setModel(model_);
}

void View3DHost::setMode(View3D::Mode mode) {
  mode_ = mode;
  if (view_) view_->setMode(mode);
}

void View3DHost::setDiscontinuityThreshold(float threshold) {
  threshold_ = threshold;
  if (view_) view_->setDiscontinuityThreshold(threshold);
}

void View3DHost::setCamera(const OrbitCamera& camera) {
  camera_ = camera;
  if (view_) view_->setCamera(camera);
}

void View3DHost::resetCamera() {
  camera_ = OrbitCamera{};
  if (view_) view_->resetCamera();
  Q_EMIT cameraChanged(camera_);
}

}  // namespace ds::ui
