// A two-mode target: x0 ~ 0.3 N(-0.6, 0.15^2) + 0.7 N(0.5, 0.2^2), sampled with the ideal
// denoiser (posterior mean through the responsibilities). The samples must show both modes with
// the right weights (the fraction above 0) and each mode's mean (the mean of the samples on each
// side of 0, compared with the truncated-mixture value). Tolerances: 4 standard errors of the
// 20000 samples plus an allowance for the discretisation of 250 steps. That error is first order
// in 1/steps and pulls the modes towards each other: measured 0.15 at 10 steps, 0.010 at 100,
// 0.004 at 250 and within sampling error at 1000 (mode means); the weights move less.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>

#include "IdealDenoisers.h"
#include "core/diffusion/SamplerFactory.h"

using namespace ds;

namespace {

const std::vector<test::GaussianComponent> kMixture = {{0.3, -0.6, 0.15}, {0.7, 0.5, 0.2}};
const std::vector<int64_t> kShape = {2, 1, 100, 100};
constexpr double kCount = 20000;
constexpr int kSteps = 250;
constexpr double kAllowance = 0.005;

double normalCdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}
double normalPdf(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
}

// P(x0 > 0) and E[x0 | x0 > 0], E[x0 | x0 < 0] of the mixture.
struct Sides {
  double positiveFraction, positiveMean, negativeMean;
};
Sides expectedSides() {
  double p = 0, sumPos = 0, sumNeg = 0, mean = 0;
  for (const auto& c : kMixture) {
    const double z = c.mean / c.std;
    p += c.weight * normalCdf(z);
    sumPos += c.weight * (c.mean * normalCdf(z) + c.std * normalPdf(z));
    mean += c.weight * c.mean;
  }
  sumNeg = mean - sumPos;
  return {p, sumPos / p, sumNeg / (1 - p)};
}

}  // namespace

class tst_SamplerMixture : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void bothModesWithTheirWeights_data() {
    QTest::addColumn<QString>("sampler");
    QTest::addColumn<double>("eta");
    QTest::newRow("ddim eta=0") << "ddim" << 0.0;
    QTest::newRow("ddim eta=1") << "ddim" << 1.0;
    QTest::newRow("ddpm") << "ddpm" << 0.0;
  }
  void bothModesWithTheirWeights() {
    QFETCH(QString, sampler);
    QFETCH(double, eta);
    const NoiseSchedule schedule;  // scaled-linear, zero terminal SNR, v prediction
    SamplerOptions o;
    o.steps = kSteps;
    o.eta = eta;
    o.seed = 99;
    const auto run = makeSampler(*parseSamplerKind(sampler.toStdString()), schedule);
    const torch::Tensor x = run->run(test::idealDenoiser(schedule, kMixture, o.prediction), kShape,
                                     o, {}, CancelToken())
                                .to(torch::kFloat64)
                                .reshape({-1});
    const torch::Tensor positive = x.masked_select(x > 0), negative = x.masked_select(x <= 0);
    const double fraction = double(positive.numel()) / kCount;
    const Sides expected = expectedSides();
    qInfo(
        "fraction > 0: %.4f (expected %.4f, error %+.4f); mode means %.4f / %.4f (expected "
        "%.4f / %.4f, errors %+.4f / %+.4f)",
        fraction, expected.positiveFraction, fraction - expected.positiveFraction,
        positive.mean().item<double>(), negative.mean().item<double>(), expected.positiveMean,
        expected.negativeMean, positive.mean().item<double>() - expected.positiveMean,
        negative.mean().item<double>() - expected.negativeMean);
    const double p = expected.positiveFraction;
    QVERIFY(std::abs(fraction - p) < 4 * std::sqrt(p * (1 - p) / kCount) + kAllowance);
    // Each side's spread is its own mode's standard deviation (the other's tail is negligible).
    const double positiveSe = kMixture[1].std / std::sqrt(double(positive.numel()));
    const double negativeSe = kMixture[0].std / std::sqrt(double(negative.numel()));
    QVERIFY(std::abs(positive.mean().item<double>() - expected.positiveMean) <
            4 * positiveSe + kAllowance);
    QVERIFY(std::abs(negative.mean().item<double>() - expected.negativeMean) <
            4 * negativeSe + kAllowance);
  }
};

QTEST_GUILESS_MAIN(tst_SamplerMixture)
#include "tst_SamplerMixture.moc"
