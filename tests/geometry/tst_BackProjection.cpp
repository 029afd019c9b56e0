#include <QtTest/QtTest>
#include <cmath>

#include "SyntheticDepth.h"
#include "core/geometry/BackProjection.h"
#include "core/geometry/ColourResample.h"
#include "core/geometry/GeometryDepth.h"
#include "core/util/Error.h"

using namespace ds;

class tst_BackProjection : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void frontoParallelPlaneHasConstantZAndKnownX() {
    const Intrinsics k = test::pinhole(64, 48, 100.0);  // cx = 31.5, cy = 23.5
    const PointGrid grid = backProject(test::depthFrom(64, 48, [](int, int) { return 2.0f; }), k);
    QCOMPARE(grid.width, 64);
    QCOMPARE(grid.height, 48);
    for (size_t i = 0; i < grid.positions.size(); ++i) {
      QVERIFY(grid.valid[i]);
      QCOMPARE(grid.positions[i][2], 2.0f);
    }
    // X = (u - cx) Z / fx, Y = (v - cy) Z / fy at pixel (50, 10).
    QVERIFY(std::fabs(grid.at(50, 10)[0] - 0.37f) < 1e-6f);
    QVERIFY(std::fabs(grid.at(50, 10)[1] - -0.27f) < 1e-6f);
    // The principal point looks straight ahead; left of it x < 0, above it y < 0 (y down).
    QVERIFY(grid.at(0, 0)[0] < 0 && grid.at(0, 0)[1] < 0);
  }
  void intrinsicsForAnotherResolutionAreRescaled() {
    const DepthMap depth = test::rampDepth(32, 24);
    const Intrinsics atDouble = test::pinhole(64, 48, 100.0);
    const PointGrid a = backProject(depth, atDouble);
    const PointGrid b = backProject(depth, atDouble.scaledTo(32, 24));
    for (size_t i = 0; i < a.positions.size(); ++i)
      for (int c = 0; c < 3; ++c)
        QCOMPARE(a.positions[i][c], b.positions[i][c]);
  }
  void invalidPixelsStayInvalid() {
    DepthMap depth = test::depthFrom(4, 3, [](int, int) { return 1.5f; });
    depth.setValid(1, 1, false);
    depth.at(2, 2) = -1.0f;  // a negative depth is unusable even if marked valid
    const PointGrid grid = backProject(depth, test::pinhole(4, 3));
    QVERIFY(!grid.isValid(1, 1));
    QVERIFY(!grid.isValid(2, 2));
    QCOMPARE(std::count(grid.valid.begin(), grid.valid.end(), 1), 10L);
  }
  void metricAndRelativeDepthPassThrough() {
    const DepthMap metric = test::rampDepth(5, 4);
    const DepthMap g = toGeometryDepth(metric);
    QVERIFY(g.kind() == DepthKind::MetricDepth);
    QCOMPARE(g.values(), metric.values());
    const DepthMap rel = toGeometryDepth(metric.withKind(DepthKind::RelativeDepth));
    QVERIFY(rel.kind() == DepthKind::RelativeDepth);
    QCOMPARE(rel.values(), metric.values());
  }
  void inverseDepthBecomesDepthUpToScale() {
    // True depth 1..5 m; the network's inverse output is 7 / Z (unknown scale 7).
    const DepthMap truth = test::depthFrom(40, 10, [](int x, int) { return 1.0f + 0.1f * x; });
    std::vector<float> inv(truth.values().size());
    for (size_t i = 0; i < inv.size(); ++i)
      inv[i] = 7.0f / truth.values()[i];
    inv[3] = 0.0f;   // infinitely far
    inv[4] = -0.5f;  // beyond "infinity": the real shift was not zero
    DepthMap inverse(40, 10, DepthKind::RelativeInverseDepth, inv);
    inverse.setValid(4, 0, true);
    inverse.setValid(6, 0, false);
    const DepthMap g = toGeometryDepth(inverse);
    QVERIFY(g.kind() == DepthKind::RelativeDepth);
    const float scale = g.values()[0] / truth.values()[0];
    for (size_t i = 0; i < inv.size(); ++i) {
      if (i == 3 || i == 4 || i == 6) continue;
      QVERIFY2(std::fabs(g.values()[i] / truth.values()[i] - scale) < 1e-4f * scale,
               qPrintable(QString("pixel %1").arg(i)));
    }
    // The near end (98th percentile of inverse depth) sits at ~1.
    QVERIFY(std::fabs(g.values()[0] - 1.0f) < 0.05f);
    // 0 and negative sit on the far plane 1 / floor, still valid.
    QCOMPARE(g.values()[3], 100.0f);
    QCOMPARE(g.values()[4], 100.0f);
    QVERIFY(g.isValid(3, 0) && g.isValid(4, 0));
    QVERIFY(!g.isValid(6, 0));
  }
  void inverseDepthAllAtInfinityIsAllInvalid() {
    const DepthMap inverse(3, 2, DepthKind::RelativeInverseDepth, std::vector<float>(6, 0.0f));
    QCOMPARE(inverse.validCount(), size_t(6));
    QCOMPARE(toGeometryDepth(inverse).validCount(), size_t(0));
  }
  void badOptionsAreRefused() {
    GeometryDepthOptions o;
    o.inverseReferenceQuantile = 0.0;
    QVERIFY_THROWS_EXCEPTION(Error, o.check());
    o = {};
    o.inverseFloor = 0.0f;
    QVERIFY_THROWS_EXCEPTION(Error, o.check());
    o.inverseFloor = 1.0f;
    try {
      o.check();
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("inverseFloor") != std::string::npos, e.what());
    }
  }
  void emptyDepthOrBadIntrinsicsAreErrors() {
    QVERIFY_THROWS_EXCEPTION(Error, backProject(DepthMap(), test::pinhole(4, 4)));
    Intrinsics bad = test::pinhole(4, 4);
    bad.fx = 0;
    QVERIFY_THROWS_EXCEPTION(Error, backProject(test::rampDepth(4, 4), bad));
  }
  void subsampleKeepsEveryStridePoint() {
    const PointGrid grid = backProject(test::rampDepth(10, 7), test::pinhole(10, 7));
    const PointGrid sub = subsample(grid, 3);
    QCOMPARE(sub.width, 4);   // columns 0 3 6 9
    QCOMPARE(sub.height, 3);  // rows 0 3 6
    QVERIFY(sub.at(2, 1) == grid.at(6, 3));
    QVERIFY_THROWS_EXCEPTION(Error, subsample(grid, 0));
  }
  void colourIsResampledToDepthSize() {
    // 2x2 blocks of one colour shrink to exactly that colour.
    Image big(8, 6, 3);
    for (int y = 0; y < 6; ++y)
      for (int x = 0; x < 8; ++x)
        big.at(x, y, 0) = float(x / 2) * 0.25f + float(y / 2) * 0.01f;
    const Image small = rgbAtSize(big, 4, 3);
    QCOMPARE(small.width(), 4);
    QCOMPARE(small.channels(), 3);
    QVERIFY(std::fabs(small.at(3, 2, 0) - (0.75f + 0.02f)) < 1e-6f);
    const Image grey(2, 2, 1, {0.1f, 0.2f, 0.3f, 0.4f});
    const Image up = rgbAtSize(grey, 4, 4);
    QCOMPARE(up.channels(), 3);
    QCOMPARE(up.at(0, 0, 2), 0.1f);  // grey replicated; corners keep their value
    QVERIFY_THROWS_EXCEPTION(Error, rgbAtSize(Image(), 4, 4));
    QVERIFY_THROWS_EXCEPTION(Error, rgbAtSize(grey, 0, 4));
  }
};

QTEST_GUILESS_MAIN(tst_BackProjection)
#include "tst_BackProjection.moc"
