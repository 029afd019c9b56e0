#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>
#include <torch/types.h>

#include <QtTest/QtTest>
#include <functional>
#include <vector>

#include "IdealDenoisers.h"
#include "common/TestErrors.h"
#include "core/diffusion/DdimSampler.h"
#include "core/diffusion/DdpmSampler.h"
#include "core/diffusion/SamplerFactory.h"

using namespace ds;

namespace {

const std::vector<test::GaussianComponent> kData = {{1.0, 0.2, 0.4}};
const std::vector<int64_t> kShape = {3, 1, 8, 10};

SamplerOptions stochastic(uint64_t seed) {
  SamplerOptions o;
  o.steps = 6;
  o.eta = 1.0;
  o.seed = seed;
  return o;
}

torch::Tensor runWith(const DiffusionSampler& sampler, const SamplerOptions& o,
                      const StepObserver& observer = {}) {
  const CancelToken cancel;
  return sampler.run(test::idealDenoiser(sampler.schedule(), kData, o.prediction), kShape, o,
                     observer, cancel);
}

}  // namespace

class tst_DiffusionSampler : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sameSeedSameResultBitwise() {
    for (SamplerKind kind : {SamplerKind::Ddim, SamplerKind::Ddpm}) {
      const auto sampler = makeSampler(kind, NoiseSchedule());
      const torch::Tensor a = runWith(*sampler, stochastic(42));
      const torch::Tensor b = runWith(*sampler, stochastic(42));
      QVERIFY(torch::equal(a, b));
      QVERIFY(!torch::equal(a, runWith(*sampler, stochastic(43))));
      QCOMPARE(a.sizes(), torch::IntArrayRef(kShape));
      QCOMPARE(a.scalar_type(), torch::kFloat32);
      QVERIFY(a.device().is_cpu());
    }
  }
  void stepNoiseComesFromTheSeed() {
    // Same start, different seeds: a stochastic sampler differs, deterministic DDIM does not.
    const DdimSampler ddim{NoiseSchedule()};
    SamplerOptions a = stochastic(1), b = stochastic(2);
    a.initialNoise = b.initialNoise = torch::randn(kShape);
    QVERIFY(!torch::equal(runWith(ddim, a), runWith(ddim, b)));
    a.eta = b.eta = 0.0;
    QVERIFY(torch::equal(runWith(ddim, a), runWith(ddim, b)));
    // ... and the deterministic run from the seed's own noise is the run from that noise.
    SamplerOptions fromSeed = stochastic(5), given = stochastic(5);
    fromSeed.eta = given.eta = 0.0;
    at::Generator g = at::detail::createCPUGenerator(5);
    given.initialNoise = torch::randn(kShape, g, torch::TensorOptions(torch::kFloat32));
    QVERIFY(torch::equal(runWith(ddim, fromSeed), runWith(ddim, given)));
  }
  void observerSeesEveryStep() {
    const DdpmSampler sampler{NoiseSchedule()};
    std::vector<int> indices;
    std::vector<int64_t> timesteps;
    torch::Tensor lastEstimate;
    const torch::Tensor result = runWith(sampler, stochastic(7), [&](const SamplerStep& s) {
      indices.push_back(s.index);
      timesteps.push_back(s.t);
      QCOMPARE(s.total, 6);
      QCOMPARE(s.x0Estimate.sizes(), torch::IntArrayRef(kShape));
      QCOMPARE(s.xt.sizes(), torch::IntArrayRef(kShape));
      lastEstimate = s.x0Estimate.clone();
    });
    QCOMPARE(indices, std::vector<int>({1, 2, 3, 4, 5, 6}));
    QCOMPARE(timesteps, inferenceTimesteps(sampler.schedule(), 6, TimestepSpacing::Trailing));
    QVERIFY(torch::equal(result, lastEstimate));  // the result is the last step's estimate
  }
  void modelSeesItsTimestepsAndInput() {
    const DdimSampler sampler{NoiseSchedule()};
    SamplerOptions o;
    o.steps = 4;
    std::vector<int64_t> seen;
    const Denoiser ideal = test::idealDenoiser(sampler.schedule(), kData, o.prediction);
    const Denoiser spy = [&](const torch::Tensor& xt, const torch::Tensor& t) {
      if (t.scalar_type() != torch::kLong || t.dim() != 1 || t.size(0) != kShape[0] ||
          (t != t[0]).any().item<bool>())
        throw std::runtime_error("timesteps are not int64 [N] with one value");
      seen.push_back(t[0].item<int64_t>());
      return ideal(xt, t);
    };
    sampler.run(spy, kShape, o, {}, CancelToken());
    QCOMPARE(seen, std::vector<int64_t>({999, 749, 499, 249}));
  }
  void cancelFromTheObserverStopsTheRun() {
    const DdimSampler sampler{NoiseSchedule()};
    for (int cancelAt : {2, 6}) {  // mid-run and at the last step
      CancelToken cancel;
      int calls = 0;
      const SamplerOptions o = stochastic(1);
      bool cancelled = false;
      try {
        sampler.run(
            test::idealDenoiser(sampler.schedule(), kData, o.prediction), kShape, o,
            [&](const SamplerStep& s) {
              ++calls;
              if (s.index == cancelAt) cancel.cancel();
            },
            cancel);
      } catch (const Cancelled&) {
        cancelled = true;
      }
      QVERIFY(cancelled);
      QCOMPARE(calls, cancelAt);
    }
  }
  void alreadyCancelledNeverCallsTheModel() {
    const DdimSampler sampler{NoiseSchedule()};
    CancelToken cancel;
    cancel.cancel();
    int calls = 0;
    const Denoiser counting = [&](const torch::Tensor& xt, const torch::Tensor&) {
      ++calls;
      return xt;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, sampler.run(counting, kShape, {}, {}, cancel));
    QCOMPARE(calls, 0);
  }
  void runsWithoutAutograd() {
    const DdimSampler sampler{NoiseSchedule()};
    const torch::Tensor weight = torch::ones({1}, torch::TensorOptions().requires_grad(true));
    bool gradMode = true;
    const Denoiser model = [&](const torch::Tensor& xt, const torch::Tensor&) {
      gradMode = c10::GradMode::is_enabled();
      return xt * weight;
    };
    const torch::Tensor out = sampler.run(model, kShape, {}, {}, CancelToken());
    QVERIFY(!gradMode);
    QVERIFY(!out.requires_grad());
  }
  void badOptionsAreRefused() {
    const DdimSampler sampler{NoiseSchedule()};
    // The message a run with one option changed fails with.
    const auto refusal = [&](const std::function<void(SamplerOptions&)>& change) {
      SamplerOptions o;
      change(o);
      return test::errorOf([&] { runWith(sampler, o); });
    };
    QVERIFY(refusal([](SamplerOptions& o) {
              o.steps = 0;
            }).contains("steps must be at least 1 (got 0)"));
    QVERIFY(refusal([](SamplerOptions& o) {
              o.steps = 1001;
            }).contains("steps must be in [1, 1000] (got 1001)"));
    QVERIFY(
        refusal([](SamplerOptions& o) { o.eta = 1.5; }).contains("eta must be in [0, 1] (got 1.5"));
    QVERIFY(refusal([](SamplerOptions& o) { o.eta = -0.1; }).contains("eta must be in [0, 1]"));
    QVERIFY(refusal([](SamplerOptions& o) { o.eta = std::nan(""); }).contains("eta"));
    QVERIFY(refusal([](SamplerOptions& o) {
              o.initialNoise = torch::Tensor();
            }).contains("initialNoise is set but holds no tensor"));
    QVERIFY(refusal([](SamplerOptions& o) {
              o.initialNoise = torch::zeros(kShape, torch::kLong);
            }).contains("floating-point"));
    QVERIFY(refusal([](SamplerOptions& o) {
              o.initialNoise = torch::zeros({3, 1, 8, 9});
            }).contains("initialNoise has shape [3, 1, 8, 9], the run [3, 1, 8, 10]"));
    QVERIFY(refusal([](SamplerOptions& o) {
              o.spacing = TimestepSpacing(9);
            }).contains("unknown timestep spacing value 9"));
    QVERIFY(refusal([](SamplerOptions& o) {
              o.prediction = PredictionType(5);
            }).contains("unknown prediction type value 5"));
    QVERIFY(refusal([](SamplerOptions&) {}).isEmpty());
  }
  void epsilonPredictionNeedsNonZeroTerminalSnr() {
    const DdimSampler zero{NoiseSchedule()};  // zero terminal SNR by default
    SamplerOptions o;
    o.prediction = PredictionType::Epsilon;
    const QString message = test::errorOf([&] { runWith(zero, o); });
    QVERIFY2(message.contains("epsilon prediction cannot start at timestep 999") &&
                 message.contains("v or the sample"),
             qPrintable(message));
    o.spacing = TimestepSpacing::Leading;  // starts at 900, where alpha_bar > 0: allowed
    QVERIFY(runWith(zero, o).isfinite().all().item<bool>());
    NoiseScheduleOptions plain;
    plain.zeroTerminalSnr = false;
    o.spacing = TimestepSpacing::Trailing;
    QVERIFY(runWith(DdimSampler(NoiseSchedule(plain)), o).isfinite().all().item<bool>());
  }
  void badShapesAndModelsAreRefused() {
    const DdimSampler sampler{NoiseSchedule()};
    const CancelToken cancel;
    const Denoiser ideal = test::idealDenoiser(sampler.schedule(), kData, PredictionType::V);
    QVERIFY(test::errorOf([&] {
              sampler.run(ideal, {}, {}, {}, cancel);
            }).contains("needs a batch dimension"));
    QVERIFY(test::errorOf([&] {
              sampler.run(ideal, {2, 0, 4}, {}, {}, cancel);
            }).contains("[2, 0, 4] has an empty dimension"));
    QVERIFY(test::errorOf([&] {
              sampler.run(Denoiser(), kShape, {}, {}, cancel);
            }).contains("no denoiser"));
    const Denoiser cropping = [](const torch::Tensor& xt, const torch::Tensor&) {
      return xt.slice(3, 0, 9);
    };
    QVERIFY(test::errorOf([&] {
              sampler.run(cropping, kShape, {}, {}, cancel);
            }).contains("returned shape [3, 1, 8, 9] for an input of shape [3, 1, 8, 10]"));
    const Denoiser nothing = [](const torch::Tensor&, const torch::Tensor&) {
      return torch::Tensor();
    };
    QVERIFY(test::errorOf([&] {
              sampler.run(nothing, kShape, {}, {}, cancel);
            }).contains("returned nothing"));
  }
  void samplerNamesRoundTrip() {
    for (SamplerKind k : {SamplerKind::Ddim, SamplerKind::Ddpm})
      QCOMPARE(parseSamplerKind(toString(k)), std::optional<SamplerKind>(k));
    QCOMPARE(toString(SamplerKind::Ddim), std::string("ddim"));
    QCOMPARE(toString(SamplerKind::Ddpm), std::string("ddpm"));
    QVERIFY(!parseSamplerKind("euler"));
    QVERIFY(test::errorOf([] {
              makeSampler(SamplerKind(3), NoiseSchedule());
            }).contains("unknown kind value 3"));
  }
};

QTEST_GUILESS_MAIN(tst_DiffusionSampler)
#include "tst_DiffusionSampler.moc"
