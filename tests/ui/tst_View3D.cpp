// The OpenGL 3D view under Xvfb: a known mesh renders (the framebuffer is not blank), normal
// shading follows surface orientation and the camera, discontinuity culling drops the triangles
// across a depth jump, and the view survives its context going (re-parenting to another window).
#include <QApplication>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <QtTest/QtTest>

#include "ui/MeshModel.h"
#include "ui/View3D.h"

using namespace ds;
using namespace ds::ui;

namespace {

// A ridge: depth 2 + 0.03 |x - 32| — two planes facing opposite ways across the image centre.
// With `jump`, the right half is pushed 50 % farther away (a depth discontinuity).
std::shared_ptr<const MeshModel> ridge(bool jump = false) {
  const int w = 64, h = 48;
  std::vector<float> v(size_t(w * h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float z = 2.0f + 0.03f * std::abs(x - 32.0f);
      if (jump) z = x < 32 ? 2.0f : 3.0f;
      v[size_t(y * w + x)] = z;
    }
  const DepthMap depth(w, h, DepthKind::MetricDepth, std::move(v));
  const Intrinsics k = Intrinsics::fromHorizontalFov(w, h);
  return std::make_shared<const MeshModel>(MeshModel::fromDepth(depth, k, Image(), 1));
}

struct Stats {
  double covered = 0;                   // fraction of pixels not the background
  double red = 0, green = 0, blue = 0;  // mean colour of covered pixels
};

Stats stats(const QImage& img, QRect area) {
  const QColor background(31, 31, 36);
  Stats s;
  size_t n = 0, all = 0;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x) {
      ++all;
      const QColor c = img.pixelColor(x, y);
      if (std::abs(c.red() - background.red()) + std::abs(c.green() - background.green()) +
              std::abs(c.blue() - background.blue()) <
          12)
        continue;
      ++n;
      s.red += c.red(), s.green += c.green(), s.blue += c.blue();
    }
  if (n) s.red /= n, s.green /= n, s.blue /= n;
  s.covered = double(n) / double(std::max<size_t>(1, all));
  return s;
}

QImage render(View3D& view) {
  view.update();
  QCoreApplication::processEvents();
  return view.grabFramebuffer();
}

}  // namespace

class tst_View3D : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void rendersNormalShading() {
    View3D view;
    view.resize(320, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(ridge());
    view.setCamera(OrbitCamera{0, 0, 0, {}});  // straight on, framed
    const QImage img = render(view);
    QVERIFY2(view.hasGlResources(), "the shaders did not compile or link");
    const Stats all = stats(img, img.rect());
    QVERIFY2(all.covered > 0.2, qPrintable(QString("covered %1").arg(all.covered)));
    // The two halves face opposite ways along x: red (n.x) differs, blue (n.z, towards the
    // viewer) is high on both.
    const Stats left = stats(img, QRect(0, 0, 150, 240)),
                right = stats(img, QRect(170, 0, 150, 240));
    QVERIFY2(std::abs(left.red - right.red) > 40,
             qPrintable(QString("red %1 vs %2").arg(left.red).arg(right.red)));
    QVERIFY2(left.blue > 180 && right.blue > 180,
             qPrintable(QString("blue %1, %2").arg(left.blue).arg(right.blue)));
    QVERIFY2(std::abs(left.green - right.green) < 20,
             qPrintable(QString("green %1 vs %2").arg(left.green).arg(right.green)));

    // Turning the camera turns the view-space normals, so the colours change.
    view.setCamera(OrbitCamera{50, 0, 0, {}});
    const Stats turned = stats(render(view), img.rect());
    QVERIFY2(std::abs(turned.red - all.red) > 25,
             qPrintable(QString("red %1 -> %2").arg(all.red).arg(turned.red)));
    // Looking from above tilts them along y.
    view.setCamera(OrbitCamera{0, 45, 0, {}});
    const Stats above = stats(render(view), img.rect());
    QVERIFY2(std::abs(above.green - all.green) > 25,
             qPrintable(QString("green %1 -> %2").arg(all.green).arg(above.green)));
  }

  void culledAcrossJumps() {
    View3D view;
    view.resize(320, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto model = ridge(true);
    view.setModel(model);
    view.setDiscontinuityThreshold(0.05f);
    render(view);
    const size_t culled = view.drawnTriangles();
    view.setDiscontinuityThreshold(1.0f);
    render(view);
    const size_t all = view.drawnTriangles();
    QCOMPARE(all, model->triangleCount());
    // One column of quads (two triangles per row) spans the jump.
    QCOMPARE(all - culled, size_t(2 * 47));
    view.setMode(View3D::Mode::Points);
    const Stats points = stats(render(view), QRect(0, 0, 320, 240));
    QVERIFY(points.covered > 0.05);
  }

  void movingCameraDrawsTheCoarseCopy() {
    const int w = 640, h = 480;
    const DepthMap depth(w, h, DepthKind::MetricDepth, std::vector<float>(size_t(w * h), 2.0f));
    const auto model = std::make_shared<const MeshModel>(
        MeshModel::fromDepth(depth, Intrinsics::fromHorizontalFov(w, h), Image(), 1));
    QCOMPARE(model->triangleCount(), size_t(2 * (w - 1) * (h - 1)));
    QVERIFY(model->coarse);
    QVERIFY(model->coarse->triangleCount() <= MeshModel::kInteractiveTriangles);
    QVERIFY(model->coarse->triangleCount() > MeshModel::kInteractiveTriangles / 8);
    QVERIFY(!model->coarse->coarse);
    View3D view;
    view.resize(320, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setModel(model);
    view.setDiscontinuityThreshold(1.0f);
    render(view);
    QCOMPARE(view.drawnTriangles(), model->triangleCount());
    view.setInteracting(true);
    const QImage moving = render(view);
    QCOMPARE(view.drawnTriangles(), model->coarse->triangleCount());
    QVERIFY(stats(moving, moving.rect()).covered > 0.2);  // the same surface, fewer triangles
    // Dragging starts the interaction; it ends by itself a moment after the mouse stops.
    view.setInteracting(false);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(100, 100));
    QMouseEvent drag(QEvent::MouseMove, QPointF(140, 110), view.mapToGlobal(QPointF(140, 110)),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &drag);
    render(view);
    QCOMPARE(view.drawnTriangles(), model->coarse->triangleCount());
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(140, 110));
    QTRY_COMPARE(render(view).isNull() ? size_t(0) : view.drawnTriangles(), model->triangleCount());
  }

  void survivesContextLoss() {
    QWidget first, second;
    auto* l1 = new QVBoxLayout(&first);
    new QVBoxLayout(&second);
    auto* view = new View3D;
    l1->addWidget(view);
    first.resize(320, 240);
    first.show();
    QVERIFY(QTest::qWaitForWindowExposed(&first));
    view->setModel(ridge());
    QVERIFY(stats(render(*view), QRect(0, 0, view->width(), view->height())).covered > 0.1);
    // Another top-level window means another context: resources go with the old one and are
    // made again in the new one.
    second.layout()->addWidget(view);
    second.resize(320, 240);
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    first.hide();
    const QImage again = render(*view);
    QVERIFY(view->hasGlResources());
    QVERIFY(stats(again, again.rect()).covered > 0.1);
  }
};

QTEST_MAIN(tst_View3D)
#include "tst_View3D.moc"
