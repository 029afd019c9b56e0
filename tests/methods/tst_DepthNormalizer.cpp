#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/methods/DepthNormalizer.h"
#include "core/util/Error.h"

using ds::DepthNormalizer;

class tst_DepthNormalizer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void percentilesMapToPlusMinusOne() {
    // 101 inverse-depth values 0..100: the 2nd percentile is 2, the 98th is 98.
    auto v = torch::arange(101, torch::kFloat32).view({1, 1, 1, 101});
    auto valid = torch::ones_like(v, torch::kBool);
    auto [n, stats] = DepthNormalizer::normalize(v, valid, /*inverse=*/true);
    QVERIFY(std::abs(stats.low.item<float>() - 2.0f) < 1e-4);
    QVERIFY(std::abs(stats.high.item<float>() - 98.0f) < 1e-4);
    QVERIFY(std::abs(n[0][0][0][2].item<float>() + 1.0f) < 1e-5);
    QVERIFY(std::abs(n[0][0][0][98].item<float>() - 1.0f) < 1e-5);
    QVERIFY(std::abs(n[0][0][0][50].item<float>()) < 1e-5);
    // the tails are clamped
    QVERIFY(n.max().item<float>() <= DepthNormalizer::kClamp + 1e-6);
    // and denormalising inverts inside the clamp
    auto back = DepthNormalizer::denormalize(n, stats);
    QVERIFY((back.slice(3, 1, 100) - v.slice(3, 1, 100)).abs().max().item<float>() < 1e-3);
  }

  void depthIsInvertedFirst() {
    // depth 1, 2, 4 -> inverse 1, 0.5, 0.25: the nearest pixel gets the largest value.
    auto d = torch::tensor({1.0f, 2.0f, 4.0f, 1.5f}).view({1, 1, 2, 2});
    auto [n, stats] = DepthNormalizer::normalize(d, torch::ones_like(d, torch::kBool), false);
    QVERIFY(n[0][0][0][0].item<float>() > n[0][0][0][1].item<float>());
    QVERIFY(n[0][0][0][1].item<float>() > n[0][0][1][0].item<float>());
  }

  void invalidPixelsAreInfilledFromTheNearestValid() {
    auto v = torch::tensor({1.0f, 0.0f, 0.0f, 0.0f, 9.0f}).view({1, 1, 1, 5});
    auto valid = torch::tensor({true, false, false, false, true}).view({1, 1, 1, 5});
    auto filled = DepthNormalizer::infillNearest(v, valid);
    QCOMPARE(filled[0][0][0][1].item<float>(), 1.0f);
    QCOMPARE(filled[0][0][0][3].item<float>(), 9.0f);
    QCOMPARE(filled[0][0][0][4].item<float>(), 9.0f);
  }

  void batchImagesAreNormalisedSeparately() {
    auto a = torch::arange(100, torch::kFloat32).view({1, 1, 10, 10});
    auto v = torch::cat({a, a * 10 + 5});
    auto [n, stats] = DepthNormalizer::normalize(v, torch::ones_like(v, torch::kBool), true);
    QVERIFY((n[0] - n[1]).abs().max().item<float>() < 1e-5);
    QVERIFY(std::abs(stats.high[1].item<float>() - (stats.high[0].item<float>() * 10 + 5)) < 1e-2);
  }

  void constantOrEmptyMapsAreRefused() {
    auto c = torch::full({1, 1, 4, 4}, 3.0f);
    QVERIFY_THROWS_EXCEPTION(
        ds::Error, DepthNormalizer::normalize(c, torch::ones_like(c, torch::kBool), true));
    QVERIFY_THROWS_EXCEPTION(
        ds::Error, DepthNormalizer::normalize(c, torch::zeros_like(c, torch::kBool), true));
  }
};

QTEST_GUILESS_MAIN(tst_DepthNormalizer)
#include "tst_DepthNormalizer.moc"
