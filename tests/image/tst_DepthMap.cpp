#include <QtTest/QtTest>
#include <cmath>
#include <limits>

#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/StereoPair.h"
#include "core/util/Error.h"

using ds::DepthKind;
using ds::DepthMap;

class tst_DepthMap : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void validityFromValues() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    DepthMap metric(3, 1, DepthKind::MetricDepth, {1.0f, 0.0f, nan});
    QCOMPARE(metric.validCount(), size_t(1));
    QVERIFY(metric.isValid(0, 0));
    QVERIFY(!metric.isValid(1, 0));  // zero depth = no data
    DepthMap relative(3, 1, DepthKind::RelativeDepth, {-1.0f, 0.0f, 2.0f});
    QCOMPARE(relative.validCount(), size_t(1));
    // Relative inverse depth is valid whatever its sign (0 is infinity; a negative value is
    // fixed by the alignment's shift); NaN and infinity never are.
    DepthMap inverse(5, 1, DepthKind::RelativeInverseDepth,
                     {1.0f, 0.0f, -2.0f, nan, std::numeric_limits<float>::infinity()});
    QCOMPARE(inverse.validCount(), size_t(3));
    QVERIFY(inverse.isValid(2, 0));
  }
  void explicitMaskDropsNaN() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    DepthMap d(2, 1, DepthKind::RelativeDepth, {nan, 2.0f}, {1, 1});
    QVERIFY(!d.isValid(0, 0));
    QVERIFY(d.isValid(1, 0));
  }
  void rangeAndQuantileIgnoreInvalid() {
    DepthMap d(5, 1, DepthKind::MetricDepth, {5.0f, 1.0f, 100.0f, 3.0f, 2.0f}, {1, 1, 0, 1, 1});
    QCOMPARE(d.validRange().first, 1.0f);
    QCOMPARE(d.validRange().second, 5.0f);
    QCOMPARE(d.validQuantile(0.5), 3.0f);  // of 1 2 3 5 (nearest rank of 1.5 -> index 2)
    QCOMPARE(d.validQuantile(0.0), 1.0f);
    QCOMPARE(d.validQuantile(1.0), 5.0f);
  }
  void sizeMismatchIsRefused() {
    QVERIFY_THROWS_EXCEPTION(ds::Error, DepthMap(2, 2, DepthKind::MetricDepth, {1.0f}));
    QVERIFY_THROWS_EXCEPTION(ds::Error, ds::Image(2, 2, 2));
  }
  void kindNamesRoundTrip() {
    for (DepthKind k :
         {DepthKind::MetricDepth, DepthKind::RelativeDepth, DepthKind::RelativeInverseDepth})
      QVERIFY(*ds::parseDepthKind(ds::toString(k)) == k);
    QVERIFY(!ds::parseDepthKind("disparity_ish").has_value());
  }
  void imageToRgbAndBytes() {
    ds::Image grey(2, 1, 1, {0.0f, 1.0f});
    ds::Image rgb = grey.toRgb();
    QCOMPARE(rgb.channels(), 3);
    QCOMPARE(rgb.at(1, 0, 2), 1.0f);
    QCOMPARE(int(rgb.toBytes()[3]), 255);
  }
  void stereoPairChecksSizes() {
    ds::StereoPair pair{ds::Image(4, 3, 3), ds::Image(4, 2, 3)};
    try {
      pair.check();
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      QVERIFY(std::string(e.what()).find("differ in size") != std::string::npos);
    }
    pair.right = ds::Image(4, 3, 3);
    pair.check();
  }
};

QTEST_GUILESS_MAIN(tst_DepthMap)
#include "tst_DepthMap.moc"
