#include "core/diffusion/DiffusionSampler.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/types.h>
#include <torch/utils.h>

#include "core/diffusion/PredictionConversion.h"
#include "core/util/Error.h"

namespace ds {

namespace {

std::string shapeText(torch::IntArrayRef sizes) {
  std::string s = "[";
  for (size_t i = 0; i < sizes.size(); ++i)
    s += (i ? ", " : "") + std::to_string(sizes[i]);
  return s + "]";
}

}  // namespace

torch::Tensor DiffusionSampler::run(const Denoiser& model, std::vector<int64_t> shape,
                                    const SamplerOptions& options, const StepObserver& observer,
                                    const CancelToken& cancel) const {
  options.check();
  if (!model) throw Error("sampler: no denoiser given");
  if (shape.empty()) throw Error("sampler: the sample shape needs a batch dimension");
  for (int64_t d : shape)
    if (d < 1) throw Error("sampler: sample shape " + shapeText(shape) + " has an empty dimension");
  const std::vector<int64_t> timesteps =
      inferenceTimesteps(schedule_, options.steps, options.spacing);
  if (options.prediction == PredictionType::Epsilon && schedule_.alphaBar(timesteps[0]) <= 0.0)
    throw Error("sampler: epsilon prediction cannot start at timestep " +
                std::to_string(timesteps[0]) +
                " where alpha_bar = 0 (zero terminal SNR); the model must predict v or the sample, "
                "or its schedule must not use zeroTerminalSnr");

  torch::NoGradGuard noGrad;
  at::Generator generator = at::detail::createCPUGenerator(options.seed);
  const auto onDevice = torch::TensorOptions().dtype(torch::kFloat32).device(options.device);
  auto noise = [&] {
    return torch::randn(shape, generator, torch::TensorOptions(torch::kFloat32)).to(onDevice);
  };

  torch::Tensor x;
  if (options.initialNoise) {
    if (options.initialNoise->sizes() != torch::IntArrayRef(shape))
      throw Error("sampler: initialNoise has shape " + shapeText(options.initialNoise->sizes()) +
                  ", the run " + shapeText(shape));
    x = options.initialNoise->to(onDevice);
  } else {
    x = noise();
  }

  const int total = int(timesteps.size());
  for (int i = 0; i < total; ++i) {
    cancel.throwIfCancelled();
    const int64_t t = timesteps[size_t(i)];
    const double alphaBarT = schedule_.alphaBar(t);
    const double alphaBarS = i + 1 < total ? schedule_.alphaBar(timesteps[size_t(i) + 1]) : 1.0;

    torch::Tensor output = model(x, torch::full({shape[0]}, t, onDevice.dtype(torch::kLong)));
    if (!output.defined() || output.sizes() != x.sizes())
      throw Error(
          "sampler: the denoiser returned " +
          (output.defined() ? "shape " + shapeText(output.sizes()) : std::string("nothing")) +
          " for an input of shape " + shapeText(x.sizes()));
    output = output.to(onDevice);
    const torch::Tensor x0 = predictedSample(options.prediction, output, x, alphaBarT);
    const torch::Tensor eps = predictedNoise(options.prediction, output, x, alphaBarT);
    if (observer) observer(SamplerStep{i + 1, total, t, x0, x});
    // The last step goes to the clean sample (alpha_bar = 1), where every update returns x0.
    x = i + 1 < total ? step(StepInput{x, x0, eps, alphaBarT, alphaBarS}, options, noise) : x0;
  }
  cancel.throwIfCancelled();
  return x;
}

}  // namespace ds
