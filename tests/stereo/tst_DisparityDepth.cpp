#include <QtTest/QtTest>
#include <cmath>

#include "common/TestErrors.h"
#include "core/stereo/DisparityDepth.h"
#include "core/util/Error.h"

using ds::DepthKind;
using ds::DepthMap;

class tst_DisparityDepth : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void knownValues() {
    // f = 500 px, B = 0.1 m: 10 px -> 5 m, 50 px -> 1 m; 0 px (infinity) and invalid -> invalid.
    DepthMap d(4, 1, DepthKind::RelativeInverseDepth, {10.0f, 50.0f, 0.0f, 25.0f}, {1, 1, 1, 0});
    const DepthMap z = ds::disparityToDepth(d, 500.0, 0.1);
    QVERIFY(z.kind() == DepthKind::MetricDepth);
    QVERIFY(std::abs(z.at(0, 0) - 5.0f) < 1e-6f);
    QVERIFY(std::abs(z.at(1, 0) - 1.0f) < 1e-6f);
    QVERIFY(!z.isValid(2, 0));
    QVERIFY(!z.isValid(3, 0));
  }
  void roundTrip() {
    std::vector<float> v;
    for (int i = 0; i < 100; ++i)
      v.push_back(0.5f + 0.37f * float(i));
    DepthMap d(10, 10, DepthKind::RelativeInverseDepth, v);
    const DepthMap back = ds::depthToDisparity(ds::disparityToDepth(d, 3740.0, 0.16), 3740.0, 0.16);
    QVERIFY(back.kind() == DepthKind::RelativeInverseDepth);
    for (int i = 0; i < 100; ++i) {
      QVERIFY(back.validMask()[size_t(i)]);
      QVERIFY(std::abs(back.values()[size_t(i)] - v[size_t(i)]) < 1e-5f * v[size_t(i)]);
    }
  }
  void badCalibrationIsRefused() {
    DepthMap d(1, 1, DepthKind::RelativeInverseDepth, {1.0f});
    QVERIFY(ds::test::errorOf([&] { ds::disparityToDepth(d, 0.0, 0.1); }).contains("focal length"));
    QVERIFY(ds::test::errorOf([&] { ds::disparityToDepth(d, 500.0, -0.1); }).contains("baseline"));
    QVERIFY(ds::test::errorOf([&] { ds::disparityToDepth(d, NAN, 0.1); }).contains("focal length"));
    DepthMap z(1, 1, DepthKind::MetricDepth, {1.0f});
    QVERIFY(ds::test::errorOf([&] { ds::depthToDisparity(z, 500.0, 0.0); }).contains("baseline"));
  }
  void wrongKindIsRefused() {
    DepthMap z(1, 1, DepthKind::MetricDepth, {1.0f});
    QVERIFY(
        ds::test::errorOf([&] { ds::disparityToDepth(z, 500.0, 0.1); }).contains("metric_depth"));
    DepthMap d(1, 1, DepthKind::RelativeInverseDepth, {1.0f});
    QVERIFY(ds::test::errorOf([&] {
              ds::depthToDisparity(d, 500.0, 0.1);
            }).contains("relative_inverse_depth"));
  }
};

QTEST_GUILESS_MAIN(tst_DisparityDepth)
#include "tst_DisparityDepth.moc"
