#pragma once
// The 3D reconstruction (QOpenGLWidget with the GLSL of shaders/, from the .qrc): normal-shaded
// mesh, RGB mesh or points; orbit (left drag), pan (right or middle drag), zoom (wheel), reset
// (double click); discontinuity culling changes live (a prefix of the jump-sorted triangles).
// While the camera moves, a mesh's coarse copy is drawn; the full one once it rests.
// GL resources are created in initializeGL and freed when the context goes away. Cameras of
// several views can be linked through cameraChanged / setCamera.
#include <QElapsedTimer>
#include <QMatrix4x4>
#include <QOpenGLBuffer>
#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLShaderProgram>
#include <QOpenGLVertexArrayObject>
#include <QOpenGLWidget>
#include <QTimer>
#include <memory>

#include "ui/MeshModel.h"

namespace ds::ui {

// Starts where the photo was taken (yaw, pitch 0; distance 0 = the photo's camera position, or a
// distance that frames the model when that is unknown); orbits around the model's centre.
struct OrbitCamera {
  float yaw = 0, pitch = 0, distance = 0;
  QVector3D pan;
};

class View3D : public QOpenGLWidget, protected QOpenGLFunctions_3_3_Core {
  Q_OBJECT
 public:
  enum class Mode { Normals = 0, Colour = 1, Points = 2 };
  explicit View3D(QWidget* parent = nullptr);
  ~View3D() override;

  void setModel(std::shared_ptr<const MeshModel> model);
  void setMode(Mode mode);
  // Drop triangles whose depths differ by more than this fraction (0.05 = 5 %).
  void setDiscontinuityThreshold(float threshold);
  void setCamera(const OrbitCamera& camera);
  const OrbitCamera& camera() const { return camera_; }
  std::shared_ptr<const MeshModel> model() const { return model_; }
  void resetCamera();
  size_t drawnTriangles() const { return drawn_; }
  // Draw the coarse copy, as while the camera moves (for benchmarks; interaction sets it itself).
  void setInteracting(bool on);
  double lastFrameMs() const { return lastFrameMs_; }
  bool hasGlResources() const { return program_ != nullptr; }
  QByteArray glInfo() const { return glInfo_; }  // renderer and version, once initialised

 Q_SIGNALS:
  void cameraChanged(const ds::ui::OrbitCamera& camera);

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void wheelEvent(QWheelEvent* e) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;

 private:
  struct GlMesh {
    QOpenGLVertexArrayObject vao;
    QOpenGLBuffer vbo{QOpenGLBuffer::VertexBuffer}, ibo{QOpenGLBuffer::IndexBuffer};
    size_t triangles = 0, vertices = 0;
  };
  void upload();
  void upload(GlMesh& gl, const MeshModel* model);
  void moved();  // the camera changed by the user: coarse now, full when it rests
  float distance() const;
  float fovY() const;  // degrees: the photo's, within limits that keep the view usable  // the
                       // camera's, or the one that frames the model
  void releaseGl();

  std::shared_ptr<const MeshModel> model_;
  bool dirty_ = false;
  Mode mode_ = Mode::Normals;
  float threshold_ = 0.05f;
  OrbitCamera camera_;
  QPoint last_;
  std::unique_ptr<QOpenGLShaderProgram> program_;
  GlMesh full_, coarse_;
  bool interacting_ = false;
  QTimer settle_;  // ends the interaction a moment after the last movement
  size_t drawn_ = 0;
  double lastFrameMs_ = 0;
  QByteArray glInfo_;
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(ds::ui::OrbitCamera)
