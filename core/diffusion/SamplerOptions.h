#pragma once
// What a diffusion sampling run needs besides the model and the schedule, and what it reports at
// each step (the GUI's step slider shows every step's x0 estimate).
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <optional>

#include "core/diffusion/PredictionType.h"
#include "core/diffusion/TimestepSpacing.h"

namespace ds {

// The model: x_t [N, ...] and its timesteps t (int64 [N], training timesteps in [0, T-1]) in, the
// output of the model's prediction type out (same shape as x_t).
using Denoiser = std::function<torch::Tensor(const torch::Tensor& xt, const torch::Tensor& t)>;

struct SamplerStep {
  int index = 0;                    // 1-based
  int total = 0;                    // number of steps in the run
  int64_t t = 0;                    // the training timestep of this step
  const torch::Tensor& x0Estimate;  // the model's clean-sample estimate at this step
  const torch::Tensor& xt;          // the noisy sample the model saw at t
};

// Called once per step, on the sampling thread, before the update; may cancel the run through
// the CancelToken. The references are valid during the call; to keep a step (the trajectory the
// step slider scrubs), copy the tensor handle: the sampler never modifies them in place.
using StepObserver = std::function<void(const SamplerStep& step)>;

struct SamplerOptions {
  int steps = 10;     // model evaluations; at most the schedule's trainSteps
  double eta = 0.0;   // DDIM only: 0 deterministic .. 1 as stochastic as DDPM; DDPM ignores it
  uint64_t seed = 0;  // all noise (the start and each step's) comes from one CPU generator
  TimestepSpacing spacing = TimestepSpacing::Trailing;
  PredictionType prediction = PredictionType::V;  // what the Denoiser outputs
  torch::Device device = torch::kCPU;             // where x_t lives and the model runs
  // The start x_T instead of seeded noise (same shape as the run); moved to `device`, float32.
  std::optional<torch::Tensor> initialNoise;

  // Throws ds::Error naming the option that is wrong (steps > trainSteps and a shape mismatch of
  // initialNoise are found by the sampler, which knows both).
  void check() const;
};

}  // namespace ds
