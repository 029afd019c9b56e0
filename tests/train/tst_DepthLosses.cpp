// The training losses: invariance where they must be invariant, and the positive-scale trap.
#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include "core/train/DepthLosses.h"

using namespace ds;

class tst_DepthLosses : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fitRecoversAPositiveScaleAndShift() {
    const auto target = torch::rand({2, 1, 8, 8}) + 0.5;
    const auto pred = (target - 0.2) / 3.0;
    const auto mask = torch::ones_like(target, torch::kBool);
    const AffineFit f = fitPositiveScaleShift(pred, target, mask);
    QVERIFY((f.scale - 3.0).abs().max().item<float>() < 1e-3);
    QVERIFY((f.shift - 0.2).abs().max().item<float>() < 1e-3);
  }

  void ssiIsZeroForAnAffineCopyAndCountsOnlyValidPixels() {
    auto target = torch::rand({3, 1, 16, 16}) + 0.1;
    auto mask = torch::rand({3, 1, 16, 16}) > 0.3;
    auto pred = target * 5 + 2;
    pred = torch::where(mask, pred, torch::full_like(pred, 1e4));  // garbage where invalid
    QVERIFY(ssiLoss(pred, target, mask).item<float>() < 1e-4);
    QVERIFY(gradientMatchingLoss(pred, target, mask).item<float>() < 1e-3);
    QVERIFY(ssiLoss(torch::rand_like(target), target, mask).item<float>() > 0.3);
  }

  void aFlippedPredictionIsNotForgiven() {
    // An upside-down prediction fits perfectly with scale -1; the loss must not allow it.
    const auto target = torch::linspace(0, 1, 256).view({1, 1, 16, 16});
    const auto mask = torch::ones_like(target, torch::kBool);
    const float flipped = ssiLoss(-target, target, mask).item<float>();
    QVERIFY2(flipped > 0.9f, qPrintable(QString::number(flipped)));
  }

  void gradientsReachThePrediction() {
    auto pred = torch::rand({2, 1, 16, 16}, torch::requires_grad());
    const auto target = torch::rand({2, 1, 16, 16});
    const auto mask = torch::ones_like(target, torch::kBool);
    (ssiLoss(pred, target, mask) + gradientMatchingLoss(pred, target, mask)).backward();
    QVERIFY(pred.grad().defined() && pred.grad().abs().sum().item<float>() > 0);
  }
};

QTEST_GUILESS_MAIN(tst_DepthLosses)
#include "tst_DepthLosses.moc"
