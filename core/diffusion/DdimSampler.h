#pragma once
// DDIM (Song et al. 2021): x_s = sqrt(a_s) x0 + sqrt(1 - a_s - sigma^2) eps + sigma z with
// sigma = eta sqrt((1 - a_s) / (1 - a_t)) sqrt(1 - a_t / a_s). eta = 0 is deterministic (the
// usual few-step choice: Marigold, BetterDepth); eta = 1 has DDPM's posterior variance.
#include "core/diffusion/DiffusionSampler.h"

namespace ds {

class DdimSampler final : public DiffusionSampler {
 public:
  explicit DdimSampler(NoiseSchedule schedule) : DiffusionSampler(std::move(schedule)) {}

 protected:
  torch::Tensor step(const StepInput& in, const SamplerOptions& options,
                     const std::function<torch::Tensor()>& noise) const override;
};

}  // namespace ds
