#include <QtTest/QtTest>
#include <cmath>
#include <vector>

#include "core/eval/DepthMetrics.h"
#include "core/util/Error.h"

using ds::DepthKind;
using ds::DepthMap;

namespace {
DepthMap metric(std::vector<float> v) {
  const int w = int(v.size());
  return DepthMap(w, 1, DepthKind::MetricDepth, std::move(v));
}
bool near(double a, double b, double tol = 1e-6) {
  return std::abs(a - b) <= tol;
}
}  // namespace

class tst_DepthMetrics : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void perfectPredictionScoresZero() {
    const DepthMap gt = metric({0.5f, 1.0f, 3.0f, 7.5f});
    const auto m = ds::computeMetrics(gt, gt, nullptr);
    QCOMPARE(m.count, size_t(4));
    QCOMPARE(m.absRel, 0.0);
    QCOMPARE(m.sqRel, 0.0);
    QCOMPARE(m.rmse, 0.0);
    QCOMPARE(m.rmseLog, 0.0);
    QCOMPARE(m.log10, 0.0);
    QCOMPARE(m.delta1, 1.0);
    QCOMPARE(m.delta3, 1.0);
  }
  void doubledPredictionHasAbsRelOne() {
    const DepthMap gt = metric({0.5f, 1.0f, 3.0f, 7.5f});
    const DepthMap pred = metric({1.0f, 2.0f, 6.0f, 15.0f});
    const auto m = ds::computeMetrics(pred, gt, nullptr);
    QVERIFY(near(m.absRel, 1.0));
    QVERIFY(near(m.rmseLog, std::log(2.0)));
    QVERIFY(near(m.log10, std::log10(2.0)));
    QCOMPARE(m.delta1, 0.0);  // ratio 2 > 1.25
    QCOMPARE(m.delta2, 0.0);  // 2 > 1.5625
    QCOMPARE(m.delta3, 0.0);  // 2 > 1.953125
    // 1.9 x lies between 1.25^2 and 1.25^3.
    const auto m19 = ds::computeMetrics(metric({1.9f, 3.8f}), metric({1.0f, 2.0f}), nullptr);
    QCOMPARE(m19.delta2, 0.0);
    QCOMPARE(m19.delta3, 1.0);
  }
  void threePixelsMatchHandComputedValues() {
    // gt = 1, 2, 4; pred = 1.2, 1.5, 5. Per pixel:
    //   |d-g|/g = 0.2, 0.25, 0.25          -> AbsRel = 0.7/3
    //   (d-g)^2/g = 0.04, 0.125, 0.25      -> SqRel = 0.415/3
    //   (d-g)^2 = 0.04, 0.25, 1            -> RMSE = sqrt(1.29/3)
    //   ln(d/g) = ln1.2, ln0.75, ln1.25    -> RMSElog = sqrt(sum sq / 3)
    //   max ratio = 1.2, 1.3333, 1.25      -> delta1 = 1/3 (1.25 is not < 1.25), delta2 = 1
    const DepthMap gt = metric({1.0f, 2.0f, 4.0f});
    const DepthMap pred = metric({1.2f, 1.5f, 5.0f});
    const auto m = ds::computeMetrics(pred, gt, nullptr);
    const double l1 = std::log(1.2), l2 = std::log(0.75), l3 = std::log(1.25);
    QCOMPARE(m.count, size_t(3));
    QVERIFY2(near(m.absRel, 0.7 / 3), qPrintable(QString::number(m.absRel, 'g', 12)));
    QVERIFY(near(m.sqRel, 0.415 / 3));
    QVERIFY(near(m.rmse, std::sqrt(1.29 / 3)));
    QVERIFY(near(m.rmseLog, std::sqrt((l1 * l1 + l2 * l2 + l3 * l3) / 3)));
    QVERIFY(near(m.log10, (std::abs(l1) + std::abs(l2) + std::abs(l3)) / std::log(10.0) / 3));
    QVERIFY(near(m.delta1, 1.0 / 3));
    QVERIFY(near(m.delta2, 1.0));
    QVERIFY(near(m.delta3, 1.0));
  }
  void maskAndInvalidPixelsAreExcluded() {
    // Pixel 1 is masked out, pixel 2 has no ground truth, pixel 3 no prediction: each would ruin
    // the score if it were counted.
    DepthMap gt(5, 1, DepthKind::MetricDepth, {1, 2, 3, 4, 5}, {1, 1, 0, 1, 1});
    DepthMap pred(5, 1, DepthKind::MetricDepth, {1, 100, 100, 100, 5}, {1, 1, 1, 0, 1});
    const std::vector<uint8_t> mask{1, 0, 1, 1, 1};
    const auto m = ds::computeMetrics(pred, gt, &mask);
    QCOMPARE(m.count, size_t(2));
    QCOMPARE(m.absRel, 0.0);
    QCOMPARE(m.delta1, 1.0);
    const auto unmasked = ds::computeMetrics(pred, gt, nullptr);
    QCOMPARE(unmasked.count, size_t(3));
    QVERIFY(unmasked.absRel > 10);
  }
  void noPixelsGivesNaNAndZeroCount() {
    DepthMap gt(2, 1, DepthKind::MetricDepth, {1, 2}, {0, 0});
    const auto m = ds::computeMetrics(gt, gt, nullptr);
    QCOMPARE(m.count, size_t(0));
    QVERIFY(std::isnan(m.absRel));
  }
  void sizeMismatchIsRefused() {
    QVERIFY_THROWS_EXCEPTION(ds::Error,
                             ds::computeMetrics(metric({1, 2}), metric({1, 2, 3}), nullptr));
    const std::vector<uint8_t> shortMask{1};
    QVERIFY_THROWS_EXCEPTION(ds::Error,
                             ds::computeMetrics(metric({1, 2}), metric({1, 2}), &shortMask));
  }
  void meanIsPerFrameAndSkipsEmptyFrames() {
    ds::DepthMetrics a, b, empty;
    a.absRel = 0.1, a.delta1 = 1.0, a.count = 1000;
    b.absRel = 0.3, b.delta1 = 0.5, b.count = 10;
    empty.count = 0;
    empty.absRel = std::nan("");
    const auto m = ds::meanOfFrames({a, b, empty});
    QVERIFY(near(m.absRel, 0.2));  // not pixel-weighted
    QVERIFY(near(m.delta1, 0.75));
    QCOMPARE(m.count, size_t(1010));
    QVERIFY(std::isnan(ds::meanOfFrames({}).absRel));
  }
};

QTEST_GUILESS_MAIN(tst_DepthMetrics)
#include "tst_DepthMetrics.moc"
