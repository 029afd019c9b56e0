#include <QtTest/QtTest>
#include <algorithm>
#include <cmath>

#include "SyntheticDepth.h"
#include "core/geometry/DepthPointCloud.h"
#include "core/util/Error.h"

using namespace ds;

class tst_DepthPointCloud : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void onePointPerValidPixelWithColourAndNormal() {
    DepthMap depth = test::depthFrom(8, 6, [](int, int) { return 2.0f; });
    depth.setValid(0, 0, false);
    const Image colour = test::gradientImage(8, 6);
    const PointCloud cloud = depthToPointCloud(depth, test::pinhole(8, 6), colour);
    QCOMPARE(cloud.size(), size_t(47));
    QCOMPARE(cloud.colors.size(), cloud.size());
    QCOMPARE(cloud.normals.size(), cloud.size());
    // Row-major over valid pixels: point 0 is pixel (1, 0), point 9 is pixel (2, 1).
    QCOMPARE(cloud.colors[0][0], colour.at(1, 0, 0));
    QCOMPARE(cloud.colors[9][1], colour.at(2, 1, 1));
    for (const Vec3f& p : cloud.positions)
      QCOMPARE(p[2], 2.0f);
    for (const Vec3f& n : cloud.normals)
      QVERIFY(test::angleDeg(n, {0, 0, -1}) < 1e-3f);
    cloud.check();
  }
  void strideAndNoNormals() {
    PointCloudOptions o;
    o.stride = 2;
    o.withNormals = false;
    const PointCloud cloud =
        depthToPointCloud(test::rampDepth(9, 5), test::pinhole(9, 5), Image(), o);
    QCOMPARE(cloud.size(), size_t(5 * 3));
    QVERIFY(!cloud.hasNormals());
    QVERIFY(!cloud.hasColors());
  }
  void inverseDepthGivesAPlausibleCloud() {
    const DepthMap inverse = test::depthFrom(
        10, 10, [](int x, int) { return 1.0f / (1.0f + x); }, DepthKind::RelativeInverseDepth);
    const PointCloud cloud = depthToPointCloud(inverse, test::pinhole(10, 10));
    QCOMPARE(cloud.size(), size_t(100));
    QVERIFY(cloud.positions[9][2] > cloud.positions[0][2] * 9.0f);  // 10x farther at x = 9
  }
  void badStrideIsRefused() {
    PointCloudOptions o;
    o.stride = 0;
    QVERIFY_THROWS_EXCEPTION(
        Error, depthToPointCloud(test::rampDepth(4, 4), test::pinhole(4, 4), Image(), o));
  }
  void badNormalOptionsAreRefused() {
    PointCloudOptions o;
    o.normals.discontinuityThreshold = -1.0f;
    try {
      depthToPointCloud(test::rampDepth(4, 4), test::pinhole(4, 4), Image(), o);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("discontinuityThreshold") != std::string::npos, e.what());
    }
  }
  void normalsUseTheWindowRadius() {
    // Noisy tilted plane (0.1 % depth noise, twice the pixel spacing): a 13 x 13 window brings
    // the point normals close to the plane's; positions stay the noisy depth.
    const Intrinsics k = test::pinhole(100, 80, 2000.0);
    const float len = std::sqrt(0.2f * 0.2f + 0.2f * 0.2f + 1.0f);
    const Vec3f n{0.2f / len, -0.2f / len, -1.0f / len};
    DepthMap depth = test::planeDepth(k, n, n[2] * 3.0f);
    test::addRelativeNoise(depth, 0.001f);
    PointCloudOptions o;
    o.normals.radius = 6;
    const PointCloud cloud = depthToPointCloud(depth, k, Image(), o);
    QCOMPARE(cloud.size(), depth.values().size());
    std::vector<float> errors;
    for (size_t i = 0; i < cloud.size(); ++i) {
      QCOMPARE(cloud.positions[i][2], depth.values()[i]);
      errors.push_back(test::angleDeg(cloud.normals[i], n));
    }
    std::nth_element(errors.begin(), errors.begin() + errors.size() / 2, errors.end());
    QVERIFY2(errors[errors.size() / 2] < 5.0f,
             qPrintable(QString::number(errors[errors.size() / 2])));
  }
};

QTEST_GUILESS_MAIN(tst_DepthPointCloud)
#include "tst_DepthPointCloud.moc"
