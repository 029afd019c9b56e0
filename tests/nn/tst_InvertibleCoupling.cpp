#include <torch/autograd.h>
#include <torch/types.h>
#include <torch/utils.h>
#include <QtTest/QtTest>

#include <cmath>
#include <functional>
#include <vector>

#include "common/TestErrors.h"
#include "core/nn/InvertibleCoupling.h"
#include "core/nn/InvertibleStack.h"

namespace {

using Map = std::function<torch::Tensor(const torch::Tensor&)>;

ds::InvertibleCouplingOptions blockOptions(int channels, int hidden) {
  ds::InvertibleCouplingOptions o;
  o.channels = channels;
  o.hidden = hidden;
  o.logScaleBound = 0.5;
  o.lipschitz = 1.0;
  return o;
}

// Non-identity weights: every parameter (the zero-initialised head too) drawn at a scale where
// spectral normalisation is active, biases spread so that s covers much of [−α, α]; then the
// power iterations are run (to convergence by default) and the module is put in eval mode.
template <typename Module>
void randomise(Module& m, uint64_t seed, int powerSteps = 300) {
  torch::manual_seed(seed);
  {
    torch::NoGradGuard noGrad;
    for (auto& p : m->parameters())
      p.normal_(0.0, p.dim() == 1 ? 1.0 : 0.5);
  }
  m->refreshSpectralBounds(powerSteps);
  m->eval();
}

double ratio(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& delta) {
  return (a - b).norm().item<double>() / delta.norm().item<double>();
}

// Direction of the largest stretch of `f` at x: power iteration on JᵀJ, J·v by central
// differences, Jᵀ·w by autograd. Pairs along it test the bound where it is nearly tight.
torch::Tensor stretchDirection(const Map& f, const torch::Tensor& x, int iterations) {
  torch::Tensor v = torch::randn_like(x);
  v /= v.norm();
  for (int i = 0; i < iterations; ++i) {
    torch::Tensor jv;
    {
      torch::NoGradGuard noGrad;
      const double h = 1e-6;
      jv = (f(x + h * v) - f(x - h * v)) / (2 * h);
    }
    const torch::Tensor xr = x.clone().requires_grad_(true);
    const torch::Tensor g = torch::autograd::grad({f(xr)}, {xr}, {jv})[0];
    v = g / g.norm();
  }
  return v.detach();
}

// max ‖f(x+δ) − f(x)‖/‖δ‖ over δ random (whole map, either half only) and along the stretch
// direction, each with a small (rms 1e-3) and a large (rms 1) magnitude.
double empiricalLipschitz(const Map& f, const torch::Tensor& x) {
  torch::NoGradGuard noGradOuter;
  const torch::Tensor fx = f(x);
  const int64_t half = x.size(1) / 2;
  std::vector<torch::Tensor> directions;
  for (int k = 0; k < 4; ++k) {
    directions.push_back(torch::randn_like(x));
    torch::Tensor first = torch::randn_like(x), second = torch::randn_like(x);
    first.narrow(1, half, half).zero_();
    second.narrow(1, 0, half).zero_();
    directions.push_back(first);
    directions.push_back(second);
  }
  {
    torch::AutoGradMode grad(true);
    directions.push_back(stretchDirection(f, x, 20));
  }
  double best = 0.0;
  const double rmsScale = std::sqrt(double(x.numel()));
  for (const auto& d : directions)
    for (double rms : {1e-3, 1.0}) {
      const torch::Tensor delta = d / d.norm() * (rms * rmsScale);
      best = std::max(best, ratio(f(x + delta), fx, delta));
    }
  return best;
}

}  // namespace

class tst_InvertibleCoupling : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void newBlockAndStackAreIdentity() {
    torch::manual_seed(1);
    ds::InvertibleCoupling block(blockOptions(64, 64), false);
    ds::InvertibleCoupling swapped(blockOptions(64, 64), true);
    ds::InvertibleStack stack(blockOptions(64, 32), 4);
    const torch::Tensor x = torch::randn({2, 64, 24, 32});
    for (bool training : {true, false}) {
      block->train(training);
      swapped->train(training);
      stack->train(training);
      QVERIFY(torch::equal(block->forward(x), x));
      QVERIFY(torch::equal(block->inverse(x), x));
      QVERIFY(torch::equal(swapped->forward(x), x));
      QVERIFY(torch::equal(stack->forward(x), x));
      QVERIFY(torch::equal(stack->inverse(x), x));
    }
  }

  void blockInverts_data() {
    QTest::addColumn<bool>("swap");
    QTest::newRow("first half passes") << false;
    QTest::newRow("second half passes") << true;
  }
  void blockInverts() {
    QFETCH(bool, swap);
    torch::manual_seed(2);
    ds::InvertibleCoupling block(blockOptions(64, 64), swap);
    randomise(block, 3);
    const torch::Tensor x = torch::randn({2, 64, 24, 32});
    const torch::Tensor y = block->forward(x);
    // Not trivially the identity: the transformed half moves, the other one does not.
    const auto halves = (y - x).abs().chunk(2, 1);
    QVERIFY(halves[swap ? 0 : 1].max().item<double>() > 0.5);
    QCOMPARE(halves[swap ? 1 : 0].max().item<double>(), 0.0);
    QVERIFY((block->inverse(y) - x).abs().max().item<double>() < 1e-4);
    QVERIFY((block->forward(block->inverse(x)) - x).abs().max().item<double>() < 1e-4);
  }

  void stackInverts() {
    torch::manual_seed(4);
    ds::InvertibleStack stack(blockOptions(64, 64), 4);
    randomise(stack, 5);
    const torch::Tensor x = torch::randn({2, 64, 24, 32});
    const torch::Tensor y = stack->forward(x);
    QVERIFY((y - x).abs().max().item<double>() > 0.5);
    QVERIFY((stack->inverse(y) - x).abs().max().item<double>() < 1e-4);
    QVERIFY((stack->forward(stack->inverse(x)) - x).abs().max().item<double>() < 1e-4);
  }

  void trainingInverseUsesForwardsWeights() {
    // In training each forward advances the power iterations (far from converged here, so the
    // weights change visibly); inverse must use exactly the weights that forward just used.
    torch::manual_seed(6);
    ds::InvertibleStack stack(blockOptions(32, 32), 2);
    randomise(stack, 7, 1);
    stack->train();
    const torch::Tensor x = torch::randn({2, 32, 16, 16});
    torch::Tensor previous;
    for (int i = 0; i < 3; ++i) {
      const torch::Tensor y = stack->forward(x);
      if (previous.defined()) QVERIFY((y - previous).abs().max().item<double>() > 1e-3);
      QVERIFY((stack->inverse(y) - x).abs().max().item<double>() < 1e-4);
      previous = y;
    }
  }

  void blockLipschitzWithinBounds() {
    torch::manual_seed(8);
    ds::InvertibleCoupling block(blockOptions(16, 32), false);
    randomise(block, 9);
    block->to(torch::kFloat64);
    const double radius = 2.0;
    const double bound = block->lipschitzBound(radius);
    const double inverseBound = block->inverseLipschitzBound(radius);
    const Map f = [&](const torch::Tensor& x) { return block->forward(x); };
    const Map g = [&](const torch::Tensor& y) { return block->inverse(y); };
    double forwardMax = 0.0, inverseMax = 0.0;
    for (int i = 0; i < 6; ++i) {
      // Base points in D_R: every element within ±R.
      const torch::Tensor x = (torch::rand({2, 16, 12, 16}, torch::kFloat64) * 2 - 1) * radius;
      forwardMax = std::max(forwardMax, empiricalLipschitz(f, x));
      torch::Tensor y;
      {
        torch::NoGradGuard noGrad;
        y = block->forward(x);
      }
      inverseMax = std::max(inverseMax, empiricalLipschitz(g, y));
    }
    qInfo(
        "block (alpha 0.5, L 1, R %.1f): forward empirical %.4f / bound %.4f (%.0f%%), "
        "inverse empirical %.4f / bound %.4f (%.0f%%)",
        radius, forwardMax, bound, 100 * forwardMax / bound, inverseMax, inverseBound,
        100 * inverseMax / inverseBound);
    QVERIFY(forwardMax <= bound);
    QVERIFY(inverseMax <= inverseBound);
    QVERIFY(forwardMax >= 0.3 * bound);
    QVERIFY(inverseMax >= 0.3 * inverseBound);
  }

  void stackLipschitzWithinBounds() {
    torch::manual_seed(10);
    ds::InvertibleStack stack(blockOptions(16, 32), 4);
    randomise(stack, 11);
    stack->to(torch::kFloat64);
    const Map f = [&](const torch::Tensor& x) { return stack->forward(x); };
    const Map g = [&](const torch::Tensor& y) { return stack->inverse(y); };
    double forwardMax = 0.0, inverseMax = 0.0;
    std::vector<double> radii(4, 0.0);
    for (int i = 0; i < 4; ++i) {
      const torch::Tensor x = (torch::rand({2, 16, 12, 16}, torch::kFloat64) * 2 - 1) * 2.0;
      const std::vector<double> reached = stack->blockInputRadii(x);
      for (size_t k = 0; k < radii.size(); ++k)
        radii[k] = std::max(radii[k], reached[k]);
      forwardMax = std::max(forwardMax, empiricalLipschitz(f, x));
      torch::Tensor y;
      {
        torch::NoGradGuard noGrad;
        y = stack->forward(x);
      }
      inverseMax = std::max(inverseMax, empiricalLipschitz(g, y));
    }
    const double bound = stack->lipschitzBound(radii);
    const double inverseBound = stack->inverseLipschitzBound(radii);
    qInfo(
        "stack of 4 (block radii %.2f %.2f %.2f %.2f): forward empirical %.4f / bound %.4f, "
        "inverse empirical %.4f / bound %.4f",
        radii[0], radii[1], radii[2], radii[3], forwardMax, bound, inverseMax, inverseBound);
    QVERIFY(forwardMax <= bound);
    QVERIFY(inverseMax <= inverseBound);
    QVERIFY(forwardMax > 1.0);
    QVERIFY(inverseMax > 1.0);
  }

  void boundsGrowWithRadiusAndScale() {
    ds::InvertibleCoupling narrow(blockOptions(8, 8), false);
    auto wide = blockOptions(8, 8);
    wide.logScaleBound = 1.0;
    ds::InvertibleCoupling wideBlock(wide, false);
    // At R = 0 with L = 1 the forward bound is ‖[[1,0],[1,e^α]]‖.
    const double e = std::exp(0.5);
    const double t = 2 + e * e;
    QVERIFY(std::abs(narrow->lipschitzBound(0.0) -
                     std::sqrt((t + std::sqrt(t * t - 4 * e * e)) / 2)) < 1e-12);
    QVERIFY(narrow->lipschitzBound(1.0) < narrow->lipschitzBound(3.0));
    QVERIFY(narrow->inverseLipschitzBound(1.0) < wideBlock->inverseLipschitzBound(1.0));
    QVERIFY(ds::test::errorOf([&] { narrow->lipschitzBound(-1.0); }).contains("radius"));
  }

  void badOptionsRefused() {
    using ds::test::errorOf;
    auto with = [](auto change) {
      auto o = blockOptions(8, 8);
      change(o);
      return errorOf([&] { ds::InvertibleCoupling(o, false); });
    };
    QVERIFY(with([](auto& o) { o.channels = 7; }).contains("even"));
    QVERIFY(with([](auto& o) { o.channels = 0; }).contains("channels"));
    QVERIFY(with([](auto& o) { o.hidden = 0; }).contains("hidden"));
    QVERIFY(with([](auto& o) { o.logScaleBound = 0.0; }).contains("log-scale"));
    QVERIFY(with([](auto& o) { o.logScaleBound = -1.0; }).contains("log-scale"));
    QVERIFY(with([](auto& o) { o.lipschitz = 0.0; }).contains("Lipschitz"));
    QVERIFY(with([](auto& o) { o.lipschitz = -2.0; }).contains("Lipschitz"));
    QVERIFY(with([](auto& o) { o.powerGridSize = 4; }).contains("grid"));
    QVERIFY(errorOf([] { ds::InvertibleStack(blockOptions(8, 8), 0); }).contains("block count"));
    ds::InvertibleStack stack(blockOptions(8, 8), 2);
    QVERIFY(errorOf([&] { stack->lipschitzBound(std::vector<double>{1.0}); }).contains("radii"));
    QVERIFY(errorOf([&] { stack->inverseLipschitzBound(-1.0); }).contains("radius"));
    auto odd = blockOptions(9, 8);
    QVERIFY(errorOf([&] { ds::InvertibleStack(odd, 2); }).contains("even"));

    ds::InvertibleCoupling block(blockOptions(8, 8), false);
    QVERIFY(errorOf([&] { block->forward(torch::zeros({1, 6, 4, 4})); }).contains("N×8×H×W"));
    QVERIFY(errorOf([&] { block->inverse(torch::zeros({8, 4, 4})); }).contains("N×8×H×W"));
  }
};

QTEST_GUILESS_MAIN(tst_InvertibleCoupling)
#include "tst_InvertibleCoupling.moc"
