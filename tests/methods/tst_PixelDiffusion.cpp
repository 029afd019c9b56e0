// The pixel-space diffusion stages: BetterDepth's refiner and DepthGen, and the ensemble
// sampling loop they share with the restorer.
#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "MethodTestNets.h"
#include "common/TestErrors.h"
#include "core/diffusion/NoiseSchedule.h"
#include "core/diffusion/PredictionConversion.h"
#include "core/methods/DepthGenerator.h"
#include "core/methods/DepthRefiner.h"
#include "core/methods/EnsembleSampling.h"

using namespace ds;

namespace {

torch::Tensor field(int64_t seed, int64_t c, int64_t h = 32, int64_t w = 48) {
  torch::NoGradGuard g;
  at::Generator gen = at::detail::createCPUGenerator(seed);
  return torch::rand({1, c, h, w}, gen, torch::kFloat32) * 2 - 1;
}

}  // namespace

class tst_PixelDiffusion : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void samplingAPointMassGivesItAtEveryStep() {
    // A denoiser that always predicts the clean sample x0 = c: with DDIM (eta 0) every step's
    // estimate and the result are c, whatever the noise.
    const torch::Tensor c = field(1, 1, 8, 8);
    EnsembleSamplingRequest r;
    r.model.prediction = PredictionType::Sample;
    r.options.steps = 6;
    r.options.ensemble = 3;
    r.memberShape = {1, 8, 8};
    r.stage = "test";
    NullProgress none;
    CancelToken cancel;
    const auto out = sampleEnsemble(
        [&](const torch::Tensor& xt, const torch::Tensor&) { return c.expand_as(xt).clone(); },
        [](const torch::Tensor& x0) { return x0; }, r, none, cancel);
    QCOMPARE(int(out.trajectory.size()), 6);
    for (const auto& frame : out.trajectory)
      QVERIFY(test::maxAbsDiff(frame, c) < 1e-5);
    QVERIFY(test::maxAbsDiff(out.combined, c) < 1e-5);
    QVERIFY(out.uncertainty.abs().max().item<double>() < 1e-5);
  }

  void vPredictionOfTheIdealDenoiserRecoversTheTarget() {
    // The exact v of a point mass at c: v = sqrt(a) eps - sqrt(1-a) c with eps recovered from
    // x_t. The sampler must land on c through the v -> x0 conversion.
    const torch::Tensor c = field(2, 1, 8, 8) * 0.7;
    const NoiseSchedule schedule;
    EnsembleSamplingRequest r;
    r.model.prediction = PredictionType::V;
    r.options.steps = 4;
    r.memberShape = {1, 8, 8};
    r.stage = "test";
    NullProgress none;
    CancelToken cancel;
    const auto out = sampleEnsemble(
        [&](const torch::Tensor& xt, const torch::Tensor& t) {
          const torch::Tensor a = schedule.alphaBarAt(t).to(torch::kFloat64);
          const torch::Tensor x0 = c.expand_as(xt);
          const torch::Tensor eps = predictedNoise(PredictionType::Sample, x0, xt, a);
          return predictionTarget(PredictionType::V, x0, eps, a);
        },
        [](const torch::Tensor& x0) { return x0; }, r, none, cancel);
    QVERIFY2(test::maxAbsDiff(out.combined, c) < 1e-4,
             qPrintable(QString::number(test::maxAbsDiff(out.combined, c))));
  }

  void cancelStopsBetweenSteps() {
    EnsembleSamplingRequest r;
    r.options.steps = 10;
    r.memberShape = {1, 4, 4};
    r.stage = "test";
    NullProgress none;
    CancelToken cancel;
    int calls = 0;
    QVERIFY_EXCEPTION_THROWN(sampleEnsemble(
                                 [&](const torch::Tensor& xt, const torch::Tensor&) {
                                   if (++calls == 3) cancel.cancel();
                                   return torch::zeros_like(xt);
                                 },
                                 [](const torch::Tensor& x0) { return x0; }, r, none, cancel),
                             ds::Cancelled);
    QCOMPARE(calls, 3);
  }

  void refinerCachedSamplingEqualsTheEagerNetwork() {
    // refine() feeds the U-Net through its constant-input cache; the same run through forward()
    // on the concatenated input must give the same depth.
    torch::manual_seed(3);
    DepthRefiner refiner(test::tinyRefinerConfig());
    test::wake(*refiner, {"out_conv"}, 21, 0.3);
    refiner->eval();
    const auto rgb = field(4, 3), cond = field(5, 1);
    DiffusionStageOptions o;
    o.steps = 3;
    NullProgress none;
    CancelToken cancel;
    const auto cached = refiner->refine(rgb, cond, o, none, cancel);
    EnsembleSamplingRequest r;
    r.model = refiner->config().diffusion;
    r.options = o;
    r.memberShape = {1, 32, 48};
    r.stage = "eager";
    torch::NoGradGuard g;
    const auto eager =
        sampleEnsemble([&](const torch::Tensor& xt,
                           const torch::Tensor& t) { return refiner->forward(xt, t, rgb, cond); },
                       [&](const torch::Tensor& x0) { return refiner->depthFromSample(x0, cond); },
                       r, none, cancel);
    QVERIFY2(test::maxAbsDiff(cached.combined, eager.combined) < 1e-4,
             qPrintable(QString::number(test::maxAbsDiff(cached.combined, eager.combined))));
  }

  void residualTargetIsAnchoredToTheConditioning() {
    DepthRefiner refiner(test::tinyRefinerConfig());
    const auto cond = field(6, 1), depth = field(7, 1);
    const auto x0 = refiner->sampleFromDepth(depth, cond);
    QVERIFY(test::maxAbsDiff(refiner->depthFromSample(x0, cond), depth) < 1e-6);
    QVERIFY(test::maxAbsDiff(x0, (depth - cond) / 0.25) < 1e-5);
    // A refiner that predicts a zero correction returns its conditioning exactly.
    auto c = test::tinyRefinerConfig();
    c.diffusion.prediction = PredictionType::Sample;
    DepthRefiner zero(c);
    zero->eval();
    DiffusionStageOptions o;
    o.steps = 4;
    NullProgress none;
    CancelToken cancel;
    const auto out = zero->refine(field(8, 3), cond, o, none, cancel);
    QVERIFY(test::maxAbsDiff(out.combined, cond) < 1e-6);
    // Target "depth": the sample is the depth itself.
    c.residual = false;
    DepthRefiner plain(c);
    QVERIFY(torch::equal(plain->sampleFromDepth(depth, cond), depth));
  }

  void refinerSeesItsConditioning() {
    torch::manual_seed(9);
    DepthRefiner refiner(test::tinyRefinerConfig());
    test::wake(*refiner, {"out_conv"}, 22, 0.3);
    refiner->eval();
    DiffusionStageOptions o;
    o.steps = 2;
    NullProgress none;
    CancelToken cancel;
    const auto rgb = field(10, 3);
    const auto a = refiner->refine(rgb, field(11, 1), o, none, cancel).combined;
    const auto b = refiner->refine(rgb, field(12, 1), o, none, cancel).combined;
    QVERIFY(test::maxAbsDiff(a, b) > 1e-3);
    const QString msg =
        test::errorOf([&] { refiner->refine(rgb, field(11, 1, 16, 48), o, none, cancel); });
    QVERIFY2(msg.contains("conditioning"), qPrintable(msg));
  }

  void depthGenEnsembleSpreadsAndIsSeeded() {
    torch::manual_seed(13);
    DepthGenerator gen(test::tinyGeneratorConfig());
    test::wake(*gen, {"out_conv"}, 23, 0.3);
    gen->eval();
    DiffusionStageOptions o;
    o.steps = 3;
    o.ensemble = 5;
    NullProgress none;
    CancelToken cancel;
    const auto rgb = field(14, 3);
    const auto a = gen->generate(rgb, o, none, cancel);
    const auto b = gen->generate(rgb, o, none, cancel);
    QVERIFY(torch::equal(a.combined, b.combined));
    QCOMPARE(a.members.size(0), int64_t(5));
    QVERIFY(a.uncertainty.mean().item<double>() > 0.0);
    QCOMPARE(int(a.trajectory.size()), 3);
  }

  void configsRoundTripAndRefuseWrongShapes() {
    auto r = test::tinyRefinerConfig();
    r.residual = false;
    nlohmann::json j = r;
    QCOMPARE(j["target"].get<std::string>(), std::string("depth"));
    DepthRefiner::Config back;
    from_json(j, back);
    QCOMPARE(nlohmann::json(back), j);
    j["unet"]["inChannels"] = 4;
    QVERIFY(test::errorOf([&] { from_json(j, back); }).contains("5 channels"));
    auto g = test::tinyGeneratorConfig();
    nlohmann::json jg = g;
    DepthGenerator::Config gback;
    from_json(jg, gback);
    QCOMPARE(nlohmann::json(gback), jg);
    jg["diffusion"]["prediction"] = "epsilon";
    QVERIFY(test::errorOf([&] { from_json(jg, gback); }).contains("zero-terminal-SNR"));
    jg["diffusion"]["prediction"] = "x0";
    QVERIFY(test::errorOf([&] { from_json(jg, gback); }).contains("unknown prediction"));
  }
};

QTEST_GUILESS_MAIN(tst_PixelDiffusion)
#include "tst_PixelDiffusion.moc"
