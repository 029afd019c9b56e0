#include <QtTest/QtTest>
#include <vector>

#include "common/TestErrors.h"
#include "core/diffusion/NoiseSchedule.h"
#include "core/diffusion/TimestepSpacing.h"

using namespace ds;
using Steps = std::vector<int64_t>;

class tst_TimestepSpacing : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tenOfAThousand() {
    const NoiseSchedule s;
    QCOMPARE(inferenceTimesteps(s, 10, TimestepSpacing::Trailing),
             Steps({999, 899, 799, 699, 599, 499, 399, 299, 199, 99}));
    QCOMPARE(inferenceTimesteps(s, 10, TimestepSpacing::Leading),
             Steps({900, 800, 700, 600, 500, 400, 300, 200, 100, 0}));
    QCOMPARE(inferenceTimesteps(s, 10, TimestepSpacing::Linspace),
             Steps({999, 888, 777, 666, 555, 444, 333, 222, 111, 0}));
  }
  void fewSteps() {
    const NoiseSchedule s;
    QCOMPARE(inferenceTimesteps(s, 4, TimestepSpacing::Trailing), Steps({999, 749, 499, 249}));
    QCOMPARE(inferenceTimesteps(s, 3, TimestepSpacing::Trailing), Steps({999, 666, 332}));
    QCOMPARE(inferenceTimesteps(s, 3, TimestepSpacing::Leading), Steps({666, 333, 0}));
    QCOMPARE(inferenceTimesteps(s, 3, TimestepSpacing::Linspace), Steps({999, 500, 0}));
    QCOMPARE(inferenceTimesteps(s, 1, TimestepSpacing::Trailing), Steps({999}));
    QCOMPARE(inferenceTimesteps(s, 1, TimestepSpacing::Leading), Steps({0}));
    QCOMPARE(inferenceTimesteps(s, 1, TimestepSpacing::Linspace), Steps({999}));
  }
  void tiesRoundHalfToEvenAsNumpyDoes() {
    // np.round(np.arange(1000, 0, -62.5)) - 1: 937.5 -> 938, 812.5 -> 812, 687.5 -> 688, ...
    const NoiseSchedule s;
    QCOMPARE(
        inferenceTimesteps(s, 16, TimestepSpacing::Trailing),
        Steps({999, 937, 874, 811, 749, 687, 624, 561, 499, 437, 374, 311, 249, 187, 124, 61}));
  }
  void everyStepCountGivesDistinctDescendingSteps() {
    const NoiseSchedule s;
    for (TimestepSpacing spacing :
         {TimestepSpacing::Leading, TimestepSpacing::Trailing, TimestepSpacing::Linspace})
      for (int n = 1; n <= 1000; ++n) {
        const Steps t = inferenceTimesteps(s, n, spacing);
        QCOMPARE(t.size(), size_t(n));
        QVERIFY(t.front() <= 999 && t.back() >= 0);
        for (size_t i = 1; i < t.size(); ++i)
          QVERIFY2(
              t[i] < t[i - 1],
              qPrintable(
                  QString("%1 steps, %2").arg(n).arg(QString::fromStdString(toString(spacing)))));
        if (spacing != TimestepSpacing::Leading) QCOMPARE(t.front(), int64_t(999));
      }
    Steps all(1000);
    for (int i = 0; i < 1000; ++i)
      all[size_t(i)] = 999 - i;
    QCOMPARE(inferenceTimesteps(s, 1000, TimestepSpacing::Leading), all);
    QCOMPARE(inferenceTimesteps(s, 1000, TimestepSpacing::Trailing), all);
    QCOMPARE(inferenceTimesteps(s, 1000, TimestepSpacing::Linspace), all);
  }
  void shortSchedules() {
    NoiseScheduleOptions o;
    o.trainSteps = 50;
    const NoiseSchedule s(o);
    QCOMPARE(inferenceTimesteps(s, 5, TimestepSpacing::Trailing), Steps({49, 39, 29, 19, 9}));
    QCOMPARE(inferenceTimesteps(s, 5, TimestepSpacing::Leading), Steps({40, 30, 20, 10, 0}));
  }
  void badStepCountsAreRefused() {
    const NoiseSchedule s;
    QVERIFY(test::errorOf([&] {
              inferenceTimesteps(s, 0, TimestepSpacing::Trailing);
            }).contains("steps must be in [1, 1000] (got 0)"));
    QVERIFY(test::errorOf([&] {
              inferenceTimesteps(s, 1001, TimestepSpacing::Linspace);
            }).contains("(got 1001)"));
    QVERIFY(test::errorOf([&] {
              inferenceTimesteps(s, 5, TimestepSpacing(4));
            }).contains("unknown value 4"));
  }
  void namesRoundTrip() {
    for (TimestepSpacing sp :
         {TimestepSpacing::Leading, TimestepSpacing::Trailing, TimestepSpacing::Linspace})
      QCOMPARE(parseTimestepSpacing(toString(sp)), std::optional<TimestepSpacing>(sp));
    QCOMPARE(toString(TimestepSpacing::Trailing), std::string("trailing"));
    QVERIFY(!parseTimestepSpacing("Trailing"));
  }
};

QTEST_GUILESS_MAIN(tst_TimestepSpacing)
#include "tst_TimestepSpacing.moc"
