#include <QtTest/QtTest>
#include <cmath>
#include <random>
#include <vector>

#include "core/eval/Alignment.h"
#include "core/util/Error.h"

using ds::Alignment;
using ds::DepthKind;
using ds::DepthMap;

namespace {
// A 40x30 ground truth from 0.5 to 8 m, with a few invalid pixels.
DepthMap groundTruth() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.5f, 8.0f);
  std::vector<float> v(40 * 30);
  for (float& x : v)
    x = u(rng);
  std::vector<uint8_t> valid(v.size(), 1);
  for (size_t i = 0; i < valid.size(); i += 17)
    valid[i] = 0;
  return DepthMap(40, 30, DepthKind::MetricDepth, v, valid);
}
// Largest |aligned - gt| over pixels valid in both.
double maxError(const DepthMap& a, const DepthMap& gt) {
  double e = 0;
  for (size_t i = 0; i < gt.pixelCount(); ++i)
    if (gt.validMask()[i] && a.validMask()[i])
      e = std::max(e, double(std::abs(a.values()[i] - gt.values()[i])));
  return e;
}
}  // namespace

class tst_Alignment : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void defaultsFollowTheKind() {
    QVERIFY(ds::defaultAlignmentFor(DepthKind::MetricDepth) == Alignment::None);
    QVERIFY(ds::defaultAlignmentFor(DepthKind::RelativeDepth) == Alignment::LeastSquaresDepth);
    QVERIFY(ds::defaultAlignmentFor(DepthKind::RelativeInverseDepth) ==
            Alignment::LeastSquaresInverseDepth);
    for (Alignment a : {Alignment::Auto, Alignment::None, Alignment::Median,
                        Alignment::LeastSquaresDepth, Alignment::LeastSquaresInverseDepth})
      QVERIFY(*ds::parseAlignment(ds::toString(a)) == a);
    QVERIFY(!ds::parseAlignment("ransac").has_value());
  }
  void leastSquaresInDepthRecoversScaleAndShift() {
    const DepthMap gt = groundTruth();
    // gt = 2.5 p + 0.4  <=>  p = (gt - 0.4) / 2.5
    std::vector<float> p = gt.values();
    for (float& v : p)
      v = (v - 0.4f) / 2.5f;
    const DepthMap pred(40, 30, DepthKind::RelativeDepth, p);
    const auto r = ds::align(pred, gt, nullptr, Alignment::Auto);
    QVERIFY(r.alignment == Alignment::LeastSquaresDepth);
    QVERIFY2(std::abs(r.scale - 2.5) < 1e-4, qPrintable(QString::number(r.scale)));
    QVERIFY(std::abs(r.shift - 0.4) < 1e-4);
    QVERIFY(!r.degenerate);
    QVERIFY(r.depth.kind() == DepthKind::MetricDepth);
    QVERIFY(maxError(r.depth, gt) < 1e-4);
  }
  void leastSquaresInInverseDepthRecoversScaleAndShift() {
    const DepthMap gt = groundTruth();
    // 1/gt = 0.02 q + 0.05  <=>  q = (1/gt - 0.05) / 0.02 (disparity-like, larger = nearer)
    std::vector<float> q = gt.values();
    for (float& v : q)
      v = (1.0f / v - 0.05f) / 0.02f;
    const DepthMap pred(40, 30, DepthKind::RelativeInverseDepth, q, gt.validMask());
    const auto r = ds::align(pred, gt, nullptr, Alignment::Auto, 10.0);
    QVERIFY(r.alignment == Alignment::LeastSquaresInverseDepth);
    QVERIFY2(std::abs(r.scale - 0.02) < 1e-6, qPrintable(QString::number(r.scale, 'g', 10)));
    QVERIFY(std::abs(r.shift - 0.05) < 1e-6);
    QVERIFY(!r.degenerate);
    QVERIFY(maxError(r.depth, gt) < 1e-3);
  }
  void inverseAlignmentSendsBeyondInfinityToTheFarLimit() {
    // 1/gt = q exactly on the first three pixels; the fourth (masked out of the fit) maps to
    // 1/(q) with q < 0: beyond infinity, so it comes out at the far limit.
    const DepthMap gt(4, 1, DepthKind::MetricDepth, {1.0f, 2.0f, 4.0f, 5.0f});
    const DepthMap pred(4, 1, DepthKind::RelativeInverseDepth, {1.0f, 0.5f, 0.25f, -0.5f},
                        {1, 1, 1, 1});
    const std::vector<uint8_t> mask{1, 1, 1, 0};
    const auto r = ds::align(pred, gt, &mask, Alignment::LeastSquaresInverseDepth, 10.0);
    QVERIFY(std::abs(r.depth.values()[1] - 2.0f) < 1e-5);
    QCOMPARE(r.depth.values()[3], 10.0f);
    // Without an explicit far limit, the largest ground truth under the mask is used.
    const auto r2 = ds::align(pred, gt, &mask, Alignment::LeastSquaresInverseDepth);
    QCOMPARE(r2.depth.values()[3], 4.0f);
  }
  void medianScalingRecoversScale() {
    const DepthMap gt = groundTruth();
    std::vector<float> p = gt.values();
    for (float& v : p)
      v *= 0.25f;
    const auto r =
        ds::align(DepthMap(40, 30, DepthKind::RelativeDepth, p), gt, nullptr, Alignment::Median);
    QVERIFY(std::abs(r.scale - 4.0) < 1e-5);
    QCOMPARE(r.shift, 0.0);
    QVERIFY(maxError(r.depth, gt) < 1e-4);
    // An inverse-kind input is turned into depth (1/q) before the medians.
    std::vector<float> q = gt.values();
    for (float& v : q)
      v = 3.0f / v;  // depth 1/q = gt / 3
    const auto ri = ds::align(DepthMap(40, 30, DepthKind::RelativeInverseDepth, q), gt, nullptr,
                              Alignment::Median);
    QVERIFY(std::abs(ri.scale - 3.0) < 1e-4);
    QVERIFY(maxError(ri.depth, gt) < 1e-4);
  }
  void upsideDownPredictionScoresAsConstant() {
    // Nearer where the truth is farther: the fit may not flip it, so every pixel gets one value.
    const DepthMap gt(4, 1, DepthKind::MetricDepth, {1.0f, 2.0f, 3.0f, 4.0f});
    const DepthMap pred(4, 1, DepthKind::RelativeDepth, {4.0f, 3.0f, 2.0f, 1.0f});
    const auto r = ds::align(pred, gt, nullptr, Alignment::LeastSquaresDepth);
    QVERIFY(r.degenerate);
    QCOMPARE(r.scale, 0.0);
    for (float v : r.depth.values())
      QVERIFY(std::abs(v - 2.5f) < 1e-6);
    // In inverse space the same: the constant is 1 / mean(1/gt).
    const DepthMap inv(4, 1, DepthKind::RelativeInverseDepth, {1.0f, 2.0f, 3.0f, 4.0f});
    const auto ri = ds::align(inv, gt, nullptr, Alignment::LeastSquaresInverseDepth);
    QVERIFY(ri.degenerate);
    const float constant = float(1.0 / ((1.0 + 0.5 + 1.0 / 3 + 0.25) / 4));
    for (float v : ri.depth.values())
      QVERIFY(std::abs(v - constant) < 1e-5);
    // Median scaling with a negative median flips nothing either.
    const DepthMap neg(4, 1, DepthKind::RelativeDepth, {-1.0f, -2.0f, -3.0f, -4.0f}, {1, 1, 1, 1});
    const auto rm = ds::align(neg, gt, nullptr, Alignment::Median);
    QVERIFY(rm.degenerate);
    for (float v : rm.depth.values())
      QCOMPARE(v, 2.5f);
  }
  void noneTakesValuesAsMetres() {
    const DepthMap gt(2, 1, DepthKind::MetricDepth, {1.0f, 2.0f});
    const DepthMap inv(2, 1, DepthKind::RelativeInverseDepth, {0.5f, 0.0f});
    const auto r = ds::align(inv, gt, nullptr, Alignment::None, 80.0);
    QCOMPARE(r.depth.values()[0], 2.0f);
    QCOMPARE(r.depth.values()[1], 80.0f);  // inverse 0 = infinitely far -> far limit
  }
  void sizeMismatchIsRefused() {
    const DepthMap a(2, 1, DepthKind::MetricDepth, {1.0f, 2.0f});
    const DepthMap b(3, 1, DepthKind::MetricDepth, {1.0f, 2.0f, 3.0f});
    QVERIFY_THROWS_EXCEPTION(ds::Error, ds::align(a, b, nullptr, Alignment::Median));
  }
};

QTEST_GUILESS_MAIN(tst_Alignment)
#include "tst_Alignment.moc"
