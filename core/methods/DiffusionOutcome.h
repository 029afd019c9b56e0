#pragma once
// What a diffusion stage hands back: the combined ensemble, its spread, and the x0 estimate of
// every step (what the GUI's step slider scrubs), all in the stage's output space.
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace ds {

struct DiffusionOutcome {
  torch::Tensor combined;     // [1, 1, H, W] on the CPU
  torch::Tensor uncertainty;  // [1, 1, H, W]: std of the aligned members (0 for one member)
  torch::Tensor members;      // [N, 1, H, W]: the ensemble's members, as sampled
  // Per step (when kept): the members' x0 estimates, decoded and combined the same way as the
  // result, so the last frame equals `combined`. [1, 1, H, W] each, on the CPU.
  std::vector<torch::Tensor> trajectory;
  std::vector<int64_t> timesteps;  // the training timestep of each step, in sampling order
};

}  // namespace ds
