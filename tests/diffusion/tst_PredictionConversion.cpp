#include <torch/types.h>

#include <QtTest/QtTest>

#include "common/TestErrors.h"
#include "core/diffusion/PredictionConversion.h"

using namespace ds;

namespace {

const PredictionType kTypes[] = {PredictionType::Epsilon, PredictionType::V,
                                 PredictionType::Sample};

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

struct Batch {
  torch::Tensor x0, eps, alphaBar, xt;
};

// Depth-like x0 in [-1, 1], unit noise, and one alpha_bar per element of the batch spanning the
// schedule (away from the ends, where epsilon -> x0 amplifies float32 rounding by 1/sqrt(a)).
Batch makeBatch(torch::ScalarType dtype) {
  torch::manual_seed(11);
  Batch b;
  b.x0 = (torch::rand({8, 1, 6, 7}) * 2 - 1).to(dtype);
  b.eps = torch::randn({8, 1, 6, 7}).to(dtype);
  b.alphaBar = torch::linspace(0.02, 0.98, 8, torch::kFloat64);
  b.xt = noisySample(b.x0, b.eps, b.alphaBar);
  return b;
}

}  // namespace

class tst_PredictionConversion : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void noisySampleIsTheForwardProcess() {
    const Batch b = makeBatch(torch::kFloat32);
    for (int i = 0; i < 8; ++i) {
      const double a = b.alphaBar[i].item<double>();
      QVERIFY(maxAbsDiff(b.xt[i], std::sqrt(a) * b.x0[i] + std::sqrt(1 - a) * b.eps[i]) < 1e-6);
    }
    QCOMPARE(b.xt.scalar_type(), torch::kFloat32);  // float64 alpha_bar does not promote
  }
  void everyTypeRecoversX0AndNoise() {
    for (torch::ScalarType dtype : {torch::kFloat32, torch::kFloat64}) {
      const Batch b = makeBatch(dtype);
      for (PredictionType type : kTypes) {
        const torch::Tensor target = predictionTarget(type, b.x0, b.eps, b.alphaBar);
        QCOMPARE(target.scalar_type(), dtype);
        QVERIFY2(maxAbsDiff(predictedSample(type, target, b.xt, b.alphaBar), b.x0) < 1e-5,
                 toString(type).c_str());
        QVERIFY2(maxAbsDiff(predictedNoise(type, target, b.xt, b.alphaBar), b.eps) < 1e-5,
                 toString(type).c_str());
      }
    }
  }
  void vFollowsItsDefinition() {
    const Batch b = makeBatch(torch::kFloat64);
    const torch::Tensor v = predictionTarget(PredictionType::V, b.x0, b.eps, b.alphaBar);
    const double a = b.alphaBar[3].item<double>();
    QVERIFY(maxAbsDiff(v[3], std::sqrt(a) * b.eps[3] - std::sqrt(1 - a) * b.x0[3]) < 1e-12);
    QVERIFY(
        torch::equal(predictionTarget(PredictionType::Epsilon, b.x0, b.eps, b.alphaBar), b.eps));
    QVERIFY(torch::equal(predictionTarget(PredictionType::Sample, b.x0, b.eps, b.alphaBar), b.x0));
  }
  void conversionsRoundTrip() {
    // epsilon -> v -> sample -> epsilon, and the reverse, give back the start.
    const Batch b = makeBatch(torch::kFloat32);
    const torch::Tensor eps = b.eps;
    const torch::Tensor v =
        convertPrediction(PredictionType::Epsilon, PredictionType::V, eps, b.xt, b.alphaBar);
    const torch::Tensor x0 =
        convertPrediction(PredictionType::V, PredictionType::Sample, v, b.xt, b.alphaBar);
    QVERIFY(maxAbsDiff(x0, b.x0) < 1e-5);
    const torch::Tensor back =
        convertPrediction(PredictionType::Sample, PredictionType::Epsilon, x0, b.xt, b.alphaBar);
    QVERIFY(maxAbsDiff(back, eps) < 1e-5);
    const torch::Tensor v2 =
        convertPrediction(PredictionType::Sample, PredictionType::V, x0, b.xt, b.alphaBar);
    QVERIFY(maxAbsDiff(v2, v) < 1e-5);
    QVERIFY(maxAbsDiff(
                convertPrediction(PredictionType::V, PredictionType::Epsilon, v2, b.xt, b.alphaBar),
                eps) < 1e-5);
  }
  void scalarAndPerBatchAlphaBarAgree() {
    const Batch b = makeBatch(torch::kFloat32);
    const double a = b.alphaBar[5].item<double>();
    const torch::Tensor v = predictionTarget(PredictionType::V, b.x0, b.eps, b.alphaBar);
    const torch::Tensor perBatch = predictedSample(PredictionType::V, v, b.xt, b.alphaBar);
    const torch::Tensor scalar = predictedSample(PredictionType::V, v[5], b.xt[5], a);
    QVERIFY(maxAbsDiff(perBatch[5], scalar) < 1e-7);
  }
  void zeroTerminalSnrEnds() {
    // At alpha_bar = 0, x_t is the noise: v gives x0 = -v and eps = x_t, the sample gives eps =
    // x_t.
    const Batch b = makeBatch(torch::kFloat32);
    const torch::Tensor xt = b.eps;
    const torch::Tensor v = predictionTarget(PredictionType::V, b.x0, b.eps, torch::tensor(0.0));
    QVERIFY(maxAbsDiff(predictedSample(PredictionType::V, v, xt, 0.0), b.x0) < 1e-7);
    QVERIFY(maxAbsDiff(predictedNoise(PredictionType::V, v, xt, 0.0), b.eps) < 1e-7);
    QVERIFY(maxAbsDiff(predictedNoise(PredictionType::Sample, b.x0, xt, 0.0), b.eps) < 1e-7);
  }
  void undefinedConversionsAreRefused() {
    const Batch b = makeBatch(torch::kFloat32);
    const QString eps0 =
        test::errorOf([&] { predictedSample(PredictionType::Epsilon, b.eps, b.xt, 0.0); });
    QVERIFY2(eps0.contains("epsilon prediction cannot give x0 where alpha_bar = 0"),
             qPrintable(eps0));
    QVERIFY(eps0.contains("zero terminal SNR"));
    // One zero in a batch is enough.
    const torch::Tensor someZero =
        torch::cat({torch::zeros({1}, torch::kFloat64), b.alphaBar.slice(0, 1)});
    QVERIFY(!test::errorOf([&] {
               predictedSample(PredictionType::Epsilon, b.eps, b.xt, someZero);
             }).isEmpty());
    QVERIFY(test::errorOf([&] {
              predictedNoise(PredictionType::Sample, b.x0, b.xt, 1.0);
            }).contains("alpha_bar = 1"));
  }
  void badInputsAreRefused() {
    const Batch b = makeBatch(torch::kFloat32);
    QVERIFY(test::errorOf([&] {
              predictedSample(PredictionType::V, b.eps, b.xt, torch::full({3}, 0.5));
            }).contains("neither a scalar nor one value per batch element of [8, 1, 6, 7]"));
    QVERIFY(test::errorOf([&] {
              predictedSample(PredictionType::V, b.eps.slice(0, 1), b.xt, 0.5);
            }).contains("shapes [7, 1, 6, 7] and [8, 1, 6, 7] do not match"));
    QVERIFY(test::errorOf([&] {
              predictedNoise(PredictionType::V, b.eps, b.xt, 1.5);
            }).contains("alpha_bar must lie in [0, 1]"));
    QVERIFY(test::errorOf([&] {
              noisySample(b.x0, b.eps, torch::tensor(-0.1));
            }).contains("alpha_bar must lie in [0, 1]"));
    QVERIFY(test::errorOf([&] {
              noisySample(b.x0, torch::Tensor(), torch::tensor(0.5));
            }).contains("undefined"));
    QVERIFY(test::errorOf([&] {
              predictionTarget(PredictionType(9), b.x0, b.eps, torch::tensor(0.5));
            }).contains("unknown prediction type 9"));
  }
  void namesRoundTrip() {
    for (PredictionType t : kTypes)
      QCOMPARE(parsePredictionType(toString(t)), std::optional<PredictionType>(t));
    QCOMPARE(toString(PredictionType::Epsilon), std::string("epsilon"));
    QCOMPARE(toString(PredictionType::V), std::string("v"));
    QCOMPARE(toString(PredictionType::Sample), std::string("sample"));
    QVERIFY(!parsePredictionType("v_prediction"));
  }
};

QTEST_GUILESS_MAIN(tst_PredictionConversion)
#include "tst_PredictionConversion.moc"
