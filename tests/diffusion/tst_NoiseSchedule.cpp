#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>

#include "common/TestErrors.h"
#include "core/diffusion/NoiseSchedule.h"

using namespace ds;

namespace {

NoiseScheduleOptions optionsOf(ScheduleKind kind, bool zeroTerminalSnr) {
  NoiseScheduleOptions o;
  o.kind = kind;
  o.zeroTerminalSnr = zeroTerminalSnr;
  if (kind == ScheduleKind::Linear) {
    o.betaStart = 1e-4;
    o.betaEnd = 0.02;
  }
  return o;
}

// alpha_bar(t) of Stable Diffusion's scaled-linear schedule, straight from its definition.
double scaledLinearAlphaBar(int t) {
  double product = 1.0;
  for (int i = 0; i <= t; ++i) {
    const double r = std::sqrt(0.00085) + (std::sqrt(0.012) - std::sqrt(0.00085)) * i / 999.0;
    product *= 1.0 - r * r;
  }
  return product;
}

double cosineF(double u) {
  const double c = std::cos((u + 0.008) / 1.008 * M_PI / 2.0);
  return c * c;
}

}  // namespace

class tst_NoiseSchedule : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void scaledLinearMatchesItsFormula() {
    const NoiseSchedule s(optionsOf(ScheduleKind::ScaledLinear, false));
    QCOMPARE(s.trainSteps(), 1000);
    for (int t : {0, 1, 250, 500, 998, 999})
      QVERIFY2(std::abs(s.alphaBar(t) - scaledLinearAlphaBar(t)) < 1e-12,
               qPrintable(QString("t=%1").arg(t)));
    QVERIFY(std::abs(s.alphaBar(0) - (1.0 - 0.00085)) < 1e-15);
    // Lin et al. 2024 quote Stable Diffusion's terminal sqrt(alpha_bar) as 0.068265.
    QVERIFY(std::abs(std::sqrt(s.alphaBar(999)) - 0.068265) < 1e-6);
  }
  void linearMatchesItsFormula() {
    const NoiseSchedule s(optionsOf(ScheduleKind::Linear, false));
    double product = 1.0;
    for (int t = 0; t < 1000; ++t) {
      product *= 1.0 - (1e-4 + (0.02 - 1e-4) * t / 999.0);
      QVERIFY(std::abs(s.alphaBar(t) - product) < 1e-12);
      QVERIFY(std::abs(s.beta(t) - (1e-4 + (0.02 - 1e-4) * t / 999.0)) < 1e-12);
    }
  }
  void cosineFollowsTheCosineCurve() {
    const NoiseSchedule s(optionsOf(ScheduleKind::Cosine, false));
    QVERIFY(s.alphaBar(0) > 0.9999 && s.alphaBar(0) < 1.0);
    // Unclipped region: alpha_bar(t) = f((t + 1) / T) / f(0).
    for (int t : {0, 100, 500, 900})
      QVERIFY2(std::abs(s.alphaBar(t) - cosineF((t + 1) / 1000.0) / cosineF(0.0)) < 1e-12,
               qPrintable(QString("t=%1").arg(t)));
    for (int t = 0; t < 1000; ++t)
      QVERIFY(s.beta(t) <= 0.999 + 1e-12);
    QVERIFY(std::abs(s.beta(999) - 0.999) < 1e-12);  // f(1) = 0: the clip is what stops it at 1
    QVERIFY(s.alphaBar(999) > 0.0 && s.alphaBar(999) < 1e-8);
  }
  void zeroTerminalSnrRescalesSqrtAlphaBar() {
    for (ScheduleKind kind :
         {ScheduleKind::ScaledLinear, ScheduleKind::Linear, ScheduleKind::Cosine}) {
      const NoiseSchedule plain(optionsOf(kind, false)), zero(optionsOf(kind, true));
      QCOMPARE(zero.alphaBar(999), 0.0);
      QCOMPARE(zero.beta(999), 1.0);
      QVERIFY(std::abs(zero.alphaBar(0) - plain.alphaBar(0)) < 1e-15);
      // Lin et al. Algorithm 1: sqrt(alpha_bar) shifted and scaled, endpoints 0 and unchanged.
      const double first = std::sqrt(plain.alphaBar(0)), last = std::sqrt(plain.alphaBar(999));
      for (int t : {1, 300, 700, 998}) {
        const double expected = (std::sqrt(plain.alphaBar(t)) - last) * first / (first - last);
        QVERIFY(std::abs(std::sqrt(zero.alphaBar(t)) - expected) < 1e-12);
      }
    }
  }
  void alphaBarDecreasesStrictly() {
    for (ScheduleKind kind :
         {ScheduleKind::ScaledLinear, ScheduleKind::Linear, ScheduleKind::Cosine})
      for (bool zero : {false, true}) {
        const NoiseSchedule s(optionsOf(kind, zero));
        QCOMPARE(s.alphaBars().size(), size_t(1000));
        for (int t = 1; t < 1000; ++t)
          QVERIFY(s.alphaBar(t) < s.alphaBar(t - 1));
        for (int t = 0; t < 1000; ++t)
          QVERIFY(s.beta(t) > 0.0 && s.beta(t) <= 1.0);
      }
  }
  void tensorLookupsAgree() {
    const NoiseSchedule s;
    const torch::Tensor all = s.alphaBarTensor();
    QCOMPARE(all.scalar_type(), torch::kFloat64);
    QCOMPARE(all.size(0), int64_t(1000));
    QCOMPARE(all[417].item<double>(), s.alphaBar(417));
    const torch::Tensor t = torch::tensor({999, 0, 500, 500}, torch::kLong).reshape({2, 2});
    const torch::Tensor a = s.alphaBarAt(t);
    QCOMPARE(a.scalar_type(), torch::kFloat32);
    QCOMPARE(a.sizes(), t.sizes());
    QCOMPARE(a[0][0].item<float>(), 0.0f);
    QCOMPARE(a[0][1].item<float>(), float(s.alphaBar(0)));
    QCOMPARE(a[1][1].item<float>(), float(s.alphaBar(500)));
  }
  void addNoiseIsTheForwardProcess() {
    const NoiseSchedule s;
    torch::manual_seed(3);
    const torch::Tensor x0 = torch::rand({3, 1, 4, 5}) * 2 - 1, eps = torch::randn({3, 1, 4, 5});
    const torch::Tensor t = torch::tensor({0, 420, 999}, torch::kLong);
    const torch::Tensor xt = s.addNoise(x0, eps, t);
    for (int i = 0; i < 3; ++i) {
      const double a = s.alphaBar(t[i].item<int64_t>());
      const torch::Tensor expected = std::sqrt(a) * x0[i] + std::sqrt(1 - a) * eps[i];
      QVERIFY((xt[i] - expected).abs().max().item<float>() < 1e-6f);
    }
    QVERIFY(torch::equal(xt[2], eps[2]));  // zero terminal SNR: pure noise at T-1
  }
  void badTimestepsAreRefused() {
    const NoiseSchedule s;
    QVERIFY(test::errorOf([&] { s.alphaBar(1000); }).contains("outside [0, 999]"));
    QVERIFY(test::errorOf([&] { s.alphaBar(-1); }).contains("timestep -1"));
    QVERIFY(test::errorOf([&] {
              s.alphaBarAt(torch::tensor({3, 1000}, torch::kLong));
            }).contains("3 .. 1000 are outside"));
    QVERIFY(test::errorOf([&] { s.alphaBarAt(torch::tensor({3.0f})); }).contains("int64"));
    const torch::Tensor x = torch::zeros({2, 3});
    QVERIFY(test::errorOf([&] {
              s.addNoise(x, x, torch::tensor({5, -2}, torch::kLong));
            }).contains("outside"));
    QVERIFY(test::errorOf([&] {
              s.addNoise(x, x, torch::tensor({5, 6, 7}, torch::kLong));
            }).contains("one value per batch element"));
  }
  void namesRoundTrip() {
    for (ScheduleKind k : {ScheduleKind::ScaledLinear, ScheduleKind::Linear, ScheduleKind::Cosine})
      QCOMPARE(parseScheduleKind(toString(k)), std::optional<ScheduleKind>(k));
    QCOMPARE(toString(ScheduleKind::ScaledLinear), std::string("scaled_linear"));
    QCOMPARE(toString(ScheduleKind::Linear), std::string("linear"));
    QCOMPARE(toString(ScheduleKind::Cosine), std::string("cosine"));
    QVERIFY(!parseScheduleKind("squaredcos"));
  }
  void badOptionsAreRefused() {
    NoiseScheduleOptions o;
    o.trainSteps = 1;
    QVERIFY(test::errorOf([&] { o.check(); }).contains("trainSteps must be at least 2 (got 1)"));
    QVERIFY(test::errorOf([&] { NoiseSchedule{o}; }).contains("trainSteps"));
    o = {};
    o.betaStart = 0.0;
    QVERIFY(test::errorOf([&] { o.check(); }).contains("0 < betaStart <= betaEnd < 1"));
    o = {};
    o.betaEnd = 1.0;
    QVERIFY(test::errorOf([&] { o.check(); }).contains("betaEnd 1.0"));
    o = {};
    o.betaStart = 0.02;
    o.betaEnd = 0.01;
    QVERIFY(!test::errorOf([&] { o.check(); }).isEmpty());
    o.betaStart = std::nan("");
    QVERIFY(!test::errorOf([&] { o.check(); }).isEmpty());
    o.kind = ScheduleKind::Cosine;  // cosine has no betas to check
    QVERIFY(test::errorOf([&] { o.check(); }).isEmpty());
    o.kind = ScheduleKind(7);
    QVERIFY(test::errorOf([&] { o.check(); }).contains("unknown kind value 7"));
  }
};

QTEST_GUILESS_MAIN(tst_NoiseSchedule)
#include "tst_NoiseSchedule.moc"
