#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "MethodTestNets.h"
#include "common/TestErrors.h"
#include "core/methods/FeatureRestorer.h"

using namespace ds;

namespace {

struct Rig {
  BaseDepthNet base{nullptr};
  FeatureRestorer restorer{nullptr};
  Rig() {
    torch::manual_seed(5);
    base = BaseDepthNet(test::tinyBaseConfig());
    restorer = FeatureRestorer(test::tinyRestorerConfig(base->config()));
    base->eval();
    restorer->eval();
  }
};

torch::Tensor image(int64_t seed, int h = 64, int w = 96) {
  torch::NoGradGuard g;
  at::Generator gen = at::detail::createCPUGenerator(seed);
  return torch::rand({1, 3, h, w}, gen, torch::kFloat32) * 2 - 1;
}

class CountingProgress final : public ProgressSink {
 public:
  void report(const Progress& p) override {
    if (p.step > 0) steps.push_back(p.step);
    stage = p.stage;
  }
  std::vector<int> steps;
  std::string stage;
};

}  // namespace

class tst_FeatureRestorer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void untrainedRestorerReproducesTheBase() {
    // Every new part is the identity: restored == base, with and without the aux view.
    Rig r;
    torch::NoGradGuard g;
    const auto rgb = image(1);
    const auto base = r.base->forward(rgb);
    NullProgress none;
    CancelToken cancel;
    DiffusionStageOptions o;
    o.steps = 4;
    const auto out = r.restorer->restore(*r.base, rgb, std::nullopt, o, none, cancel);
    QVERIFY2(test::maxAbsDiff(out.combined, base) < 1e-5,
             qPrintable(QString::number(test::maxAbsDiff(out.combined, base))));
    const auto withAux = r.restorer->restore(*r.base, rgb, image(2), o, none, cancel);
    QVERIFY(test::maxAbsDiff(withAux.combined, base) < 1e-5);
  }

  void trajectoryHasOneFramePerStepAndEndsAtTheResult() {
    Rig r;
    test::wake(*r.restorer, {"out_conv", "head"}, 11);
    NullProgress none;
    CancelToken cancel;
    DiffusionStageOptions o;
    o.steps = 5;
    CountingProgress progress;
    const auto out = r.restorer->restore(*r.base, image(3), std::nullopt, o, progress, cancel);
    QCOMPARE(int(out.trajectory.size()), 5);
    QCOMPARE(int(out.timesteps.size()), 5);
    QVERIFY(std::is_sorted(out.timesteps.rbegin(), out.timesteps.rend()));
    QCOMPARE(progress.steps, (std::vector<int>{1, 2, 3, 4, 5}));
    QCOMPARE(progress.stage, std::string("restored"));
    QVERIFY(torch::equal(out.trajectory.back(), out.combined));
    QCOMPARE(out.combined.sizes().vec(), (std::vector<int64_t>{1, 1, 64, 96}));
    // The woken denoiser moves the estimate from step to step.
    QVERIFY(test::maxAbsDiff(out.trajectory.front(), out.trajectory.back()) > 1e-4);
    const auto quiet = r.restorer->restore(*r.base, image(3), std::nullopt, o, none, cancel, false);
    QVERIFY(quiet.trajectory.empty());
    QVERIFY(torch::equal(quiet.combined, out.combined));
  }

  void seedDecidesTheSample() {
    Rig r;
    test::wake(*r.restorer, {"out_conv"}, 12, 0.5);
    NullProgress none;
    CancelToken cancel;
    DiffusionStageOptions o;
    o.steps = 3;
    o.eta = 1.0;  // stochastic: every step draws noise
    const auto rgb = image(4);
    const auto a = r.restorer->restore(*r.base, rgb, std::nullopt, o, none, cancel).combined;
    const auto b = r.restorer->restore(*r.base, rgb, std::nullopt, o, none, cancel).combined;
    QVERIFY(torch::equal(a, b));
    o.seed = 99;
    const auto c = r.restorer->restore(*r.base, rgb, std::nullopt, o, none, cancel).combined;
    QVERIFY(test::maxAbsDiff(a, c) > 1e-5);
  }

  void ensembleGivesSpread() {
    Rig r;
    test::wake(*r.restorer, {"out_conv"}, 13, 0.5);
    NullProgress none;
    CancelToken cancel;
    DiffusionStageOptions o;
    o.steps = 2;
    o.ensemble = 4;
    const auto out = r.restorer->restore(*r.base, image(5), std::nullopt, o, none, cancel);
    QCOMPARE(out.members.sizes().vec(), (std::vector<int64_t>{4, 1, 64, 96}));
    QCOMPARE(out.uncertainty.sizes().vec(), (std::vector<int64_t>{1, 1, 64, 96}));
    QVERIFY(out.uncertainty.mean().item<double>() > 0.0);
    QVERIFY(out.uncertainty.min().item<double>() >= 0.0);
  }

  void auxViewChangesTheLowLevelsOnlyWhenGiven() {
    Rig r;
    test::wake(*r.restorer, {"aux_view.fusions"}, 14);
    torch::NoGradGuard g;
    const auto rgb = image(6);
    const auto alone = r.restorer->encode(*r.base, rgb, std::nullopt);
    const auto paired = r.restorer->encode(*r.base, rgb, image(7));
    QVERIFY(!alone.auxViewUsed);
    QVERIFY(paired.auxViewUsed);
    QVERIFY(torch::equal(alone.d2, paired.d2));  // high levels untouched
    QVERIFY(test::maxAbsDiff(alone.l0, paired.l0) > 1e-5);
    const auto levels = r.base->features(rgb);
    QVERIFY(torch::equal(alone.l0, levels[0]));
  }

  void lossReachesEveryTrainedPart() {
    // Indirect supervision: a loss on the decoded depth alone trains the denoiser, the invertible
    // blocks and the fusion (with an aux view).
    Rig r;
    r.restorer->train();
    test::wake(*r.restorer, {"out_conv", "head", "update"}, 15);
    const auto rgb = image(8);
    const auto f = r.restorer->encode(*r.base, rgb, image(9));
    const auto xt = torch::randn({1, 16, 8, 12});
    const auto x0 = r.restorer->denoise(xt, torch::tensor({500}, torch::kLong), f);
    const auto depth = r.restorer->decode(*r.base, x0, f);
    depth.square().mean().backward();
    QCOMPARE(test::parametersWithoutGrad(*r.restorer), std::vector<std::string>{});
  }

  void configRoundTripsAndChecksTheBase() {
    const auto base = test::tinyBaseConfig();
    auto c = test::tinyRestorerConfig(base);
    c.baseModel = "builtin-base";
    c.residualScale = 0.5;
    nlohmann::json j = c;
    FeatureRestorer::Config back;
    from_json(j, back);
    QCOMPARE(nlohmann::json(back), j);
    QCOMPARE(back.baseModel, std::string("builtin-base"));
    auto other = base;
    other.decoder.fusedChannels = 32;
    QVERIFY(test::errorOf([&] { c.checkFits(other); }).contains("another base network"));
    j["unknownField"] = 1;
    QVERIFY(test::errorOf([&] { from_json(j, back); }).contains("unknownField"));
    j.erase("unknownField");
    j["coupling"]["channels"] = 8;
    QVERIFY(test::errorOf([&] { from_json(j, back); }).contains("coupling.channels"));
  }

  void badInputsAreNamed() {
    Rig r;
    NullProgress none;
    CancelToken cancel;
    const QString aux = test::errorOf(
        [&] { r.restorer->restore(*r.base, image(1), image(2, 32, 96), {}, none, cancel); });
    QVERIFY2(aux.contains("auxiliary view"), qPrintable(aux));
    cancel.cancel();
    QVERIFY_EXCEPTION_THROWN(r.restorer->restore(*r.base, image(1), std::nullopt, {}, none, cancel),
                             ds::Cancelled);
  }
};

QTEST_GUILESS_MAIN(tst_FeatureRestorer)
#include "tst_FeatureRestorer.moc"
