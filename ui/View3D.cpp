#include "ui/View3D.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

// The shaders are compiled into ds_ui, a static library: register its resources explicitly
// (Q_INIT_RESOURCE must be called outside any namespace).
static void initUiResources() {
  static const bool once = [] {
    Q_INIT_RESOURCE(ui);
    return true;
  }();
  (void)once;
}

namespace ds::ui {

View3D::View3D(QWidget* parent) : QOpenGLWidget(parent) {
  initUiResources();
  qRegisterMetaType<ds::ui::OrbitCamera>();
  setMinimumSize(200, 150);
  settle_.setSingleShot(true);
  settle_.setInterval(250);
  connect(&settle_, &QTimer::timeout, this, [this] { setInteracting(false); });
}

void View3D::setInteracting(bool on) {
  if (interacting_ == on) return;
  interacting_ = on;
  update();
}

void View3D::moved() {
  interacting_ = true;
  settle_.start();
  update();
  Q_EMIT cameraChanged(camera_);
}

View3D::~View3D() {
  makeCurrent();
  releaseGl();
  doneCurrent();
}

void View3D::setModel(std::shared_ptr<const MeshModel> model) {
  const bool first = !model_;
  model_ = std::move(model);
  dirty_ = true;
  if (first) resetCamera();
  update();
}

void View3D::setMode(Mode mode) {
  mode_ = mode;
  update();
}

void View3D::setDiscontinuityThreshold(float threshold) {
  threshold_ = threshold;
  update();
}

void View3D::setCamera(const OrbitCamera& camera) {
  camera_ = camera;
  update();
}

void View3D::resetCamera() {
  camera_ = OrbitCamera{};
  update();
  Q_EMIT cameraChanged(camera_);
}

void View3D::initializeGL() {
  initializeOpenGLFunctions();
  glInfo_ = QByteArray(reinterpret_cast<const char*>(glGetString(GL_RENDERER))) + ", OpenGL " +
            reinterpret_cast<const char*>(glGetString(GL_VERSION));
  // Free everything while the context still exists (a widget re-parented or closed).
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] {
    makeCurrent();
    releaseGl();
    doneCurrent();
  });
  program_ = std::make_unique<QOpenGLShaderProgram>();
  if (!program_->addShaderFromSourceFile(QOpenGLShader::Vertex, ":/shaders/mesh.vert") ||
      !program_->addShaderFromSourceFile(QOpenGLShader::Fragment, ":/shaders/mesh.frag") ||
      !program_->link()) {
    qWarning("3D view: shader error: %s", qPrintable(program_->log()));
    program_.reset();
    return;
  }
  for (GlMesh* g : {&full_, &coarse_}) {
    g->vao.create();
    g->vbo.create();
    g->ibo.create();
  }
  glEnable(GL_DEPTH_TEST);
  glEnable(GL_PROGRAM_POINT_SIZE);
  dirty_ = true;
}

void View3D::releaseGl() {
  if (!program_) return;
  for (GlMesh* g : {&full_, &coarse_}) {
    g->vbo.destroy();
    g->ibo.destroy();
    g->vao.destroy();
    g->triangles = g->vertices = 0;
  }
  program_.reset();
}

void View3D::upload() {
  dirty_ = false;
  upload(full_, model_.get());
  upload(coarse_, model_ ? model_->coarse.get() : nullptr);
}

void View3D::upload(GlMesh& gl, const MeshModel* model) {
  gl.triangles = gl.vertices = 0;
  if (!model || model->vertices.empty()) return;
  gl.vao.bind();
  gl.vbo.bind();
  gl.vbo.allocate(model->vertices.data(), int(model->vertices.size() * sizeof(float)));
  gl.ibo.bind();
  gl.ibo.allocate(model->indices.data(), int(model->indices.size() * sizeof(uint32_t)));
  const int stride = 9 * sizeof(float);
  for (int a = 0; a < 3; ++a) {
    glEnableVertexAttribArray(GLuint(a));
    glVertexAttribPointer(GLuint(a), 3, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(size_t(a) * 3 * sizeof(float)));
  }
  gl.vao.release();
  gl.triangles = model->triangleCount();
  gl.vertices = model->vertexCount();
}

void View3D::resizeGL(int, int) {}

float View3D::fovY() const {
  return model_ ? std::clamp(model_->fovYDeg, 20.0f, 75.0f) : 45.0f;
}

float View3D::distance() const {
  if (camera_.distance > 0 || !model_) return std::max(camera_.distance, 1e-3f);
  // The photo's own camera: its centre is the origin, the model's centre lies ahead on -z.
  if (model_->fromPhotoCamera && model_->centre[2] < 0) return -model_->centre[2];
  // Far enough that the box's front face fits the field of view.
  const float t = std::tan(fovY() * float(M_PI) / 360.0f),
              aspect = float(width()) / std::max(1, height());
  const float* h = model_->halfExtent;
  return 1.1f * std::max(h[0] / (t * aspect), h[1] / t) + h[2] + 1e-3f;
}

void View3D::paintGL() {
  QElapsedTimer timer;
  timer.start();
  glClearColor(0.12f, 0.12f, 0.14f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  drawn_ = 0;
  if (!program_) return;
  if (dirty_) upload();
  if (!model_ || full_.vertices == 0) return;
  const bool coarse = interacting_ && coarse_.vertices > 0;
  GlMesh& gl = coarse ? coarse_ : full_;
  const MeshModel& shown = coarse ? *model_->coarse : *model_;
  const float radius = std::max(1e-3f, model_->radius);
  const float distance = this->distance();
  QMatrix4x4 view;
  view.translate(0, 0, -distance);
  view.rotate(camera_.pitch, 1, 0, 0);
  view.rotate(camera_.yaw, 0, 1, 0);
  view.translate(-QVector3D(model_->centre[0], model_->centre[1], model_->centre[2]) + camera_.pan);
  QMatrix4x4 projection;
  projection.perspective(fovY(), float(width()) / std::max(1, height()), distance * 0.01f,
                         distance + radius * 4);
  program_->bind();
  program_->setUniformValue("modelView", view);
  program_->setUniformValue("projection", projection);
  program_->setUniformValue("mode", int(mode_));
  program_->setUniformValue("pointSize", 2.0f);
  gl.vao.bind();
  if (mode_ == Mode::Points) {
    glDrawArrays(GL_POINTS, 0, GLsizei(gl.vertices));
    drawn_ = 0;
  } else {
    drawn_ = std::min(gl.triangles, shown.trianglesWithin(threshold_));
    glDrawElements(GL_TRIANGLES, GLsizei(drawn_ * 3), GL_UNSIGNED_INT, nullptr);
  }
  gl.vao.release();
  program_->release();
  glFinish();  // so the frame time includes the rendering (software GL renders here)
  lastFrameMs_ = timer.nsecsElapsed() / 1e6;
}

void View3D::mousePressEvent(QMouseEvent* e) {
  last_ = e->pos();
}

void View3D::mouseMoveEvent(QMouseEvent* e) {
  const QPoint d = e->pos() - last_;
  last_ = e->pos();
  if (!model_) return;
  if (e->buttons() & Qt::LeftButton) {
    camera_.yaw += d.x() * 0.4f;
    camera_.pitch = std::clamp(camera_.pitch + d.y() * 0.4f, -89.0f, 89.0f);
  } else if (e->buttons() & (Qt::RightButton | Qt::MiddleButton)) {
    const float scale = distance() / std::max(1, height());
    QMatrix4x4 r;
    r.rotate(-camera_.yaw, 0, 1, 0);
    r.rotate(-camera_.pitch, 1, 0, 0);
    camera_.pan += r.map(QVector3D(d.x() * scale, -d.y() * scale, 0));
  } else {
    return;
  }
  moved();
}

void View3D::mouseReleaseEvent(QMouseEvent*) {
  settle_.start();  // full detail a moment after the drag ends
}

void View3D::wheelEvent(QWheelEvent* e) {
  if (!model_) return;
  const float current = distance();
  camera_.distance =
      std::max(model_->radius * 0.05f, current * std::pow(0.999f, float(e->angleDelta().y())));
  moved();
}

void View3D::mouseDoubleClickEvent(QMouseEvent*) {
  resetCamera();
}

}  // namespace ds::ui
