#pragma once
// A reverse-diffusion sampler: starts from seeded Gaussian noise at the first of the run's
// timesteps and walks down to a clean sample, asking the model once per step. The loop (noise,
// conversions, observer, cancel) is shared; each sampler supplies only its update from t to s.
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "core/diffusion/NoiseSchedule.h"
#include "core/diffusion/SamplerOptions.h"
#include "core/util/CancelToken.h"

namespace ds {

class DiffusionSampler {
 public:
  explicit DiffusionSampler(NoiseSchedule schedule) : schedule_(std::move(schedule)) {}
  virtual ~DiffusionSampler() = default;

  const NoiseSchedule& schedule() const { return schedule_; }

  // Runs `options.steps` model evaluations and returns the final clean sample (float32, `shape`,
  // on options.device): the last step's x0 estimate. All noise comes from one CPU generator seeded
  // with options.seed, so a seed gives the same result on every device. Runs without autograd.
  // The observer sees every step; cancel is checked before each step and after the last
  // (throws ds::Cancelled). Throws ds::Error on bad options, a bad shape, a model output of the
  // wrong shape, or epsilon prediction on a run that starts at alpha_bar = 0.
  torch::Tensor run(const Denoiser& model, std::vector<int64_t> shape,
                    const SamplerOptions& options, const StepObserver& observer,
                    const CancelToken& cancel) const;

 protected:
  // One update from x_t at timestep t to the run's next timestep s < t, given the model's
  // estimates x0 and eps at t (0 < alphaBarS < 1; the step after the last timestep is x0 itself).
  // `noise` draws N(0, I) shaped like x_t from the run's generator.
  struct StepInput {
    const torch::Tensor& xt;
    const torch::Tensor& x0;
    const torch::Tensor& eps;
    double alphaBarT;
    double alphaBarS;
  };
  virtual torch::Tensor step(const StepInput& in, const SamplerOptions& options,
                             const std::function<torch::Tensor()>& noise) const = 0;

 private:
  NoiseSchedule schedule_;
};

}  // namespace ds
