#pragma once
// Holds a 3D view's state and creates the View3D (a QOpenGLWidget) the first time it is shown.
// A window that contains a QOpenGLWidget composes every repaint through OpenGL, which under
// software GL costs tens of milliseconds a frame; deferring it keeps the other tabs' repaints
// cheap until the user first looks at 3D.
#include <QWidget>
#include <memory>

#include "ui/View3D.h"

namespace ds::ui {

class View3DHost : public QWidget {
  Q_OBJECT
 public:
  explicit View3DHost(QWidget* parent = nullptr);

  void setModel(std::shared_ptr<const MeshModel> model);
  std::shared_ptr<const MeshModel> model() const { return model_; }
  void setMode(View3D::Mode mode);
  void setDiscontinuityThreshold(float threshold);
  void setCamera(const OrbitCamera& camera);
  const OrbitCamera& camera() const { return camera_; }
  void resetCamera();
  View3D* view() const { return view_; }  // nullptr until first shown

 Q_SIGNALS:
  void cameraChanged(const ds::ui::OrbitCamera& camera);

 protected:
  void showEvent(QShowEvent* e) override;

 private:
  View3D* view_ = nullptr;
  std::shared_ptr<const MeshModel> model_;
  View3D::Mode mode_ = View3D::Mode::Normals;
  float threshold_ = 0.05f;
  OrbitCamera camera_;
};

}  // namespace ds::ui
