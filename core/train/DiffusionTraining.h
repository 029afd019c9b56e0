#pragma once
// What every diffusion model's training step shares: random timesteps, the forward process, and
// the loss on the model's output (L1, as DepthGen trains: robust to the outliers of imperfect
// ground truth), for any prediction type.
#include <torch/types.h>

#include "core/diffusion/NoiseSchedule.h"
#include "core/diffusion/PredictionType.h"

namespace ds {

struct NoisedBatch {
  torch::Tensor t;          // [N] int64 timesteps
  torch::Tensor alphaBar;   // [N] float32
  torch::Tensor eps;        // like x0
  torch::Tensor xt;         // sqrt(a) x0 + sqrt(1 - a) eps
};

// Uniform timesteps over the schedule, noise from the global generator.
NoisedBatch noiseBatch(const NoiseSchedule& schedule, const torch::Tensor& x0);
// Re-noise another clean estimate to the same timesteps with fresh noise (step-unrolled
// denoising: the model then learns from inputs like the ones its own predictions make).
NoisedBatch renoise(const NoisedBatch& like, const torch::Tensor& estimate);

// L1 between the model output and the target of its prediction type for the clean sample x0 at
// x_t (the noise the target implies is the one that makes x_t from x0), over the mask.
torch::Tensor diffusionL1(PredictionType type, const torch::Tensor& output,
                          const torch::Tensor& x0, const NoisedBatch& noised,
                          const torch::Tensor& mask);

}  // namespace ds
