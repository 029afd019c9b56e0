#include <QtTest/QtTest>
#include <cmath>

#include "common/TestErrors.h"
#include "core/stereo/DisparityHoleFilling.h"
#include "core/util/Error.h"

using ds::DepthKind;
using ds::DepthMap;

namespace {

// Background (disparity 10, dark) left of column 50, foreground (30, bright) from 50 on; columns
// [40, 50) are an occlusion (dark like the background, no disparity), columns [0, 4) the border.
struct Scene {
  static constexpr int w = 80, h = 40;
  DepthMap disparity{w, h, DepthKind::RelativeInverseDepth};
  ds::Image guide{w, h, 3};
  Scene() {
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const bool front = x >= 50;
        for (int c = 0; c < 3; ++c)
          guide.at(x, y, c) = front ? 0.8f : 0.2f;
        if (x < 4 || (x >= 40 && x < 50)) continue;
        disparity.at(x, y) = front ? 30.0f : 10.0f;
        disparity.setValid(x, y, true);
      }
  }
};

}  // namespace

class tst_DisparityHoleFilling : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void occlusionTakesTheBackground() {
    Scene s;
    const size_t filled = ds::fillDisparityHoles(s.disparity, s.guide, {}, ds::CancelToken());
    QCOMPARE(filled, size_t(10 * Scene::h));
    for (int y = 0; y < Scene::h; ++y) {
      for (int x = 40; x < 50; ++x) {
        QVERIFY(s.disparity.isValid(x, y));
        QVERIFY2(std::abs(s.disparity.at(x, y) - 10.0f) < 1e-4f,
                 qPrintable(QString::number(s.disparity.at(x, y))));
      }
      for (int x = 0; x < 4; ++x)
        QVERIFY(!s.disparity.isValid(x, y));  // left border stays
    }
  }
  void sameSurfaceGapIsInterpolated() {
    DepthMap d(30, 5, DepthKind::RelativeInverseDepth);
    ds::Image guide(30, 5, 1);
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 30; ++x) {
        if (x >= 12 && x < 18) continue;
        d.at(x, y) = 20.0f + 0.1f * float(x);  // a slanted plane, gap of 6 px
        d.setValid(x, y, true);
      }
    ds::DisparityFillOptions o;
    o.radius = 2;
    ds::fillDisparityHoles(d, guide, o, ds::CancelToken());
    for (int x = 12; x < 18; ++x) {
      QVERIFY(d.isValid(x, 2));
      QVERIFY2(std::abs(d.at(x, 2) - (20.0f + 0.1f * float(x))) < 0.15f,
               qPrintable(QString::number(d.at(x, 2))));
    }
  }
  void disagreementStaysInvalid() {
    // A hole whose surroundings are noise of the same colour: no value gathers the majority.
    DepthMap d(40, 40, DepthKind::RelativeInverseDepth);
    ds::Image guide(40, 40, 1);
    for (int y = 0; y < 40; ++y)
      for (int x = 0; x < 40; ++x) {
        if (x >= 18 && x < 22 && y >= 18 && y < 22) continue;
        d.at(x, y) = float((x * 7 + y * 13) % 40);
        d.setValid(x, y, true);
      }
    ds::fillDisparityHoles(d, guide, {}, ds::CancelToken());
    QVERIFY(!d.isValid(20, 20));
  }
  void badInputIsRefused() {
    Scene s;
    ds::Image small(10, 10, 3);
    QVERIFY(ds::test::errorOf([&] {
              ds::fillDisparityHoles(s.disparity, small, {}, ds::CancelToken());
            }).contains("differs in size"));
    ds::DisparityFillOptions o;
    o.minAgreement = 2;
    QVERIFY(ds::test::errorOf([&] {
              ds::fillDisparityHoles(s.disparity, s.guide, o, ds::CancelToken());
            }).contains("minAgreement"));
    o = {};
    o.radius = 0;
    QVERIFY(ds::test::errorOf([&] { o.check(); }).contains("radius"));
    o = {};
    o.sigmaSpacePx = 0;
    QVERIFY(ds::test::errorOf([&] { o.check(); }).contains("sigmaSpacePx"));
    o = {};
    o.sigmaColour = -1;
    QVERIFY(ds::test::errorOf([&] { o.check(); }).contains("sigmaColour"));
    o = {};
    o.sameSurfacePx = -1;
    QVERIFY(ds::test::errorOf([&] { o.check(); }).contains("sameSurfacePx"));
  }
  void cancelIsHonoured() {
    Scene s;
    ds::CancelToken token;
    token.cancel();
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled,
                             ds::fillDisparityHoles(s.disparity, s.guide, {}, token));
  }
};

QTEST_GUILESS_MAIN(tst_DisparityHoleFilling)
#include "tst_DisparityHoleFilling.moc"
