#pragma once
// DDPM ancestral sampling (Ho et al. 2020) on the run's timesteps: x_s is drawn from the forward
// posterior q(x_s | x_t, x0) with the model's x0. Between spaced timesteps t > s the effective
// step has alpha = a_t / a_s and beta = 1 - a_t / a_s, so
//   mean = sqrt(a_s) beta / (1 - a_t) x0 + sqrt(alpha) (1 - a_s) / (1 - a_t) x_t,
//   variance = (1 - a_s) / (1 - a_t) beta   ("fixed small"),
// which is exact for any subset of the training timesteps. Ignores SamplerOptions::eta.
#include "core/diffusion/DiffusionSampler.h"

namespace ds {

class DdpmSampler final : public DiffusionSampler {
 public:
  explicit DdpmSampler(NoiseSchedule schedule) : DiffusionSampler(std::move(schedule)) {}

 protected:
  torch::Tensor step(const StepInput& in, const SamplerOptions& options,
                     const std::function<torch::Tensor()>& noise) const override;
};

}  // namespace ds
