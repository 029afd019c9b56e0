#include "core/methods/EnsembleSampling.h"

#include <torch/utils.h>

#include "core/diffusion/SamplerFactory.h"
#include "core/methods/EnsembleReducer.h"
#include "core/util/Error.h"

namespace ds {

DiffusionOutcome sampleEnsemble(const Denoiser& denoiser, const SampleDecoder& decode,
                                const EnsembleSamplingRequest& request, ProgressSink& progress,
                                const CancelToken& cancel) {
  request.model.check();
  request.options.check();
  if (!decode) throw Error(request.stage + ": no sample decoder given");
  const DiffusionStageOptions& o = request.options;
  const auto sampler = makeSampler(o.sampler, NoiseSchedule(request.model.schedule));
  if (o.steps > sampler->schedule().trainSteps())
    throw Error(request.stage + ": " + std::to_string(o.steps) +
                " steps are more than the model's " +
                std::to_string(sampler->schedule().trainSteps()) + " training timesteps");

  SamplerOptions so;
  so.steps = o.steps;
  so.eta = o.eta;
  so.seed = o.seed;
  so.spacing = o.spacing;
  so.prediction = request.model.prediction;
  so.device = request.device;
  std::vector<int64_t> shape{int64_t(o.ensemble)};
  shape.insert(shape.end(), request.memberShape.begin(), request.memberShape.end());

  torch::NoGradGuard noGrad;
  DiffusionOutcome out;
  auto decodeChecked = [&](const torch::Tensor& x0) {
    torch::Tensor maps = decode(x0);
    if (!maps.defined() || maps.dim() != 4 || maps.size(0) != o.ensemble || maps.size(1) != 1)
      throw Error(request.stage + ": the sample decoder must return [" +
                  std::to_string(o.ensemble) + ", 1, H, W] maps");
    return maps.to(torch::kCPU, torch::kFloat32).contiguous();
  };
  const StepObserver observer = [&](const SamplerStep& step) {
    if (request.keepTrajectory || request.onFrame) {
      const torch::Tensor frame =
          EnsembleReducer::reduce(decodeChecked(step.x0Estimate), o.reduction).combined;
      if (request.onFrame) request.onFrame(step.index, step.total, frame);
      if (request.keepTrajectory) {
        out.trajectory.push_back(frame);
        out.timesteps.push_back(step.t);
      }
    }
    progress.report(
        {double(step.index) / double(step.total), request.stage, step.index, step.total,
         "diffusion step " + std::to_string(step.index) + "/" + std::to_string(step.total)});
  };
  const torch::Tensor sample = sampler->run(denoiser, shape, so, observer, cancel);
  out.members = decodeChecked(sample);
  const EnsembleResult reduced = EnsembleReducer::reduce(out.members, o.reduction);
  out.combined = reduced.combined;
  out.uncertainty = reduced.uncertainty;
  return out;
}

}  // namespace ds
