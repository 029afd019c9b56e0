#include <QtTest/QtTest>
#include <cmath>

#include "core/image/Intrinsics.h"
#include "core/util/Error.h"

class tst_Intrinsics : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void defaultFieldOfView() {
    const auto k = ds::Intrinsics::fromHorizontalFov(640, 480);
    // 60 degrees: fx = 320 / tan(30 deg) = 554.256
    QVERIFY(std::abs(k.fx - 554.2563) < 1e-3);
    QCOMPARE(k.fy, k.fx);
    QCOMPARE(k.cx, 319.5);
    QCOMPARE(k.cy, 239.5);
    QVERIFY(std::abs(k.horizontalFovDeg() - 60.0) < 1e-9);
  }
  void scalingKeepsFieldOfView() {
    const auto k = ds::Intrinsics::fromHorizontalFov(640, 480, 70.0);
    const auto h = k.scaledTo(320, 240);
    QVERIFY(std::abs(h.horizontalFovDeg() - 70.0) < 1e-9);
    QCOMPARE(h.cx, 159.5);  // the centre stays the centre
  }
  void badValuesAreRefused() {
    QVERIFY_THROWS_EXCEPTION(ds::Error, ds::Intrinsics::fromHorizontalFov(0, 10));
    QVERIFY_THROWS_EXCEPTION(ds::Error, ds::Intrinsics::fromHorizontalFov(10, 10, 180.0));
    ds::Intrinsics k;
    k.width = 10;
    k.height = 10;
    k.fx = -1;
    k.fy = 1;
    QVERIFY(!k.valid());
    QVERIFY_THROWS_EXCEPTION(ds::Error, k.check());
  }
};

QTEST_GUILESS_MAIN(tst_Intrinsics)
#include "tst_Intrinsics.moc"
