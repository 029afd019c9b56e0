// Samplers driven by the ideal denoiser of Gaussian data x0 ~ N(mu, sigma^2) must reproduce the
// data. Two checks:
//  1. At 10 steps, the sample mean and variance equal the moments of the exact discrete process:
//     with Gaussian data every sampler step is an affine map of x_t plus independent noise, so
//     the output's moments follow from x_T ~ N(0, 1) by a scalar recursion (written here from
//     the DDIM / DDPM formulas, independently of the library). Tolerance: 4 standard errors of
//     n = 20000 independent elements (mean: sqrt(v / n); variance: v sqrt(2 / (n - 1))).
//  2. At T = 1000 steps, mean and standard deviation equal the data's: 4 standard errors plus
//     the samplers' first-order discretisation error at T steps (the recursion gives at most
//     0.0051 in std and 0.001 in the mean for these schedules; allowed 0.006 and 0.002).
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <functional>

#include "IdealDenoisers.h"
#include "core/diffusion/SamplerFactory.h"

using namespace ds;

namespace {

constexpr double kMu = 0.3, kSigma = 0.5;
const std::vector<int64_t> kShape = {4, 1, 50, 100};  // 20000 independent elements
constexpr double kCount = 20000;

NoiseSchedule scheduleOf(const QString& name, bool zeroTerminalSnr) {
  NoiseScheduleOptions o;
  o.kind = *parseScheduleKind(name.toStdString());
  o.zeroTerminalSnr = zeroTerminalSnr;
  if (o.kind == ScheduleKind::Linear) {
    o.betaStart = 1e-4;
    o.betaEnd = 0.02;
  }
  return NoiseSchedule(o);
}

// Moments of the output of the discrete sampler (see the top of the file).
test::Moments exactDiscreteMoments(const NoiseSchedule& s, const std::vector<int64_t>& ts,
                                   bool ddpm, double eta) {
  double m = 0.0, v = 1.0;
  for (size_t i = 0; i < ts.size(); ++i) {
    const double at = s.alphaBar(ts[i]);
    const double gain = std::sqrt(at) * kSigma * kSigma / (at * kSigma * kSigma + 1.0 - at);
    const auto x0 = [&](double x) { return kMu + gain * (x - std::sqrt(at) * kMu); };
    if (i + 1 == ts.size()) return {x0(m), gain * gain * v};  // the result is the estimate
    const double as = s.alphaBar(ts[i + 1]);
    std::function<double(double)> next;
    double noiseVariance = 0.0;
    if (ddpm) {  // q(x_s | x_t, x0) with the effective beta = 1 - a_t / a_s
      const double beta = 1.0 - at / as;
      noiseVariance = (1.0 - as) / (1.0 - at) * beta;
      next = [&, beta](double x) {
        return std::sqrt(as) * beta / (1.0 - at) * x0(x) +
               std::sqrt(at / as) * (1.0 - as) / (1.0 - at) * x;
      };
    } else {
      noiseVariance = eta * eta * (1.0 - as) / (1.0 - at) * (1.0 - at / as);
      const double direction = std::sqrt(std::max(0.0, 1.0 - as - noiseVariance));
      next = [&, direction](double x) {
        const double eps = (x - std::sqrt(at) * x0(x)) / std::sqrt(1.0 - at);
        return std::sqrt(as) * x0(x) + direction * eps;
      };
    }
    const double slope = next(1.0) - next(0.0);
    m = next(m);
    v = slope * slope * v + noiseVariance;
  }
  return {m, v};
}

struct Run {
  QString schedule;
  bool zeroTerminalSnr;
  QString prediction, sampler;  // sampler: "ddim" (with eta) or "ddpm"
  double eta;
};

void addRuns(const std::vector<Run>& runs) {
  QTest::addColumn<QString>("schedule");
  QTest::addColumn<bool>("zeroTerminalSnr");
  QTest::addColumn<QString>("prediction");
  QTest::addColumn<QString>("sampler");
  QTest::addColumn<double>("eta");
  for (const Run& r : runs)
    QTest::newRow(
        qPrintable(QString("%1%2 %3 %4 eta=%5")
                       .arg(r.schedule, r.zeroTerminalSnr ? "+zsnr" : "", r.prediction, r.sampler)
                       .arg(r.eta)))
        << r.schedule << r.zeroTerminalSnr << r.prediction << r.sampler << r.eta;
}

torch::Tensor sample(const NoiseSchedule& schedule, PredictionType prediction, SamplerKind kind,
                     double eta, int steps, uint64_t seed) {
  SamplerOptions o;
  o.steps = steps;
  o.eta = eta;
  o.prediction = prediction;
  o.seed = seed;
  const auto sampler = makeSampler(kind, schedule);
  return sampler->run(test::idealDenoiser(schedule, {{1.0, kMu, kSigma}}, prediction), kShape, o,
                      {}, CancelToken());
}

}  // namespace

class tst_SamplerMoments : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesTheExactDiscreteProcess_data() {
    std::vector<Run> runs;
    for (const char* schedule : {"linear", "scaled_linear", "cosine"})
      for (bool zero : {false, true})
        for (const char* prediction : {"epsilon", "v", "sample"}) {
          if (zero && QString(prediction) == "epsilon") continue;  // undefined at alpha_bar = 0
          for (double eta : {0.0, 0.5, 1.0})
            runs.push_back({schedule, zero, prediction, "ddim", eta});
          runs.push_back({schedule, zero, prediction, "ddpm", 0.0});
        }
    addRuns(runs);
  }
  void matchesTheExactDiscreteProcess() {
    QFETCH(QString, schedule);
    QFETCH(bool, zeroTerminalSnr);
    QFETCH(QString, prediction);
    QFETCH(QString, sampler);
    QFETCH(double, eta);
    const NoiseSchedule s = scheduleOf(schedule, zeroTerminalSnr);
    const SamplerKind kind = *parseSamplerKind(sampler.toStdString());
    const auto ts = inferenceTimesteps(s, 10, TimestepSpacing::Trailing);
    const test::Moments expected = exactDiscreteMoments(s, ts, kind == SamplerKind::Ddpm, eta);
    const test::Moments got = test::momentsOf(
        sample(s, *parsePredictionType(prediction.toStdString()), kind, eta, 10, 17));
    const double seMean = std::sqrt(expected.variance / kCount);
    const double seVariance = expected.variance * std::sqrt(2.0 / (kCount - 1));
    qInfo("mean %.5f (exact %.5f, %+.1f SE)  variance %.5f (exact %.5f, %+.1f SE)", got.mean,
          expected.mean, (got.mean - expected.mean) / seMean, got.variance, expected.variance,
          (got.variance - expected.variance) / seVariance);
    QVERIFY(std::abs(got.mean - expected.mean) < 4 * seMean);
    QVERIFY(std::abs(got.variance - expected.variance) < 4 * seVariance);
  }
  void ddpmIsDdimWithEtaOne() {
    // The DDPM posterior and DDIM's eta = 1 step are the same Gaussian (Song et al. 2021, eq. 16):
    // the exact discrete moments agree for any spacing.
    for (bool zero : {false, true}) {
      const NoiseSchedule s = scheduleOf("scaled_linear", zero);
      for (int steps : {1, 3, 10, 50}) {
        const auto ts = inferenceTimesteps(s, steps, TimestepSpacing::Linspace);
        const test::Moments ddpm = exactDiscreteMoments(s, ts, true, 0.0);
        const test::Moments ddim = exactDiscreteMoments(s, ts, false, 1.0);
        QVERIFY(std::abs(ddpm.mean - ddim.mean) < 1e-12);
        QVERIFY(std::abs(ddpm.variance - ddim.variance) < 1e-12);
      }
    }
  }
  void reproducesTheDataWithAllSteps_data() {
    std::vector<Run> runs;
    const std::vector<Run> models = {{"scaled_linear", true, "v", "", 0.0},
                                     {"cosine", true, "sample", "", 0.0},
                                     {"linear", false, "epsilon", "", 0.0}};
    for (const Run& m : models) {
      runs.push_back({m.schedule, m.zeroTerminalSnr, m.prediction, "ddim", 0.0});
      runs.push_back({m.schedule, m.zeroTerminalSnr, m.prediction, "ddim", 1.0});
      runs.push_back({m.schedule, m.zeroTerminalSnr, m.prediction, "ddpm", 0.0});
    }
    addRuns(runs);
  }
  void reproducesTheDataWithAllSteps() {
    QFETCH(QString, schedule);
    QFETCH(bool, zeroTerminalSnr);
    QFETCH(QString, prediction);
    QFETCH(QString, sampler);
    QFETCH(double, eta);
    const NoiseSchedule s = scheduleOf(schedule, zeroTerminalSnr);
    const test::Moments got =
        test::momentsOf(sample(s, *parsePredictionType(prediction.toStdString()),
                               *parseSamplerKind(sampler.toStdString()), eta, 1000, 23));
    const double std = std::sqrt(got.variance);
    const double meanTolerance = 4 * kSigma / std::sqrt(kCount) + 0.002;
    const double stdTolerance = 4 * kSigma / std::sqrt(2 * kCount) + 0.006;
    qInfo("mean %.5f (error %+.5f, allowed %.4f)  std %.5f (error %+.5f, allowed %.4f)", got.mean,
          got.mean - kMu, meanTolerance, std, std - kSigma, stdTolerance);
    QVERIFY(std::abs(got.mean - kMu) < meanTolerance);
    QVERIFY(std::abs(std - kSigma) < stdTolerance);
  }
};

QTEST_GUILESS_MAIN(tst_SamplerMoments)
#include "tst_SamplerMoments.moc"
