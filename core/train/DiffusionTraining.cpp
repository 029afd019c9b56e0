#include "core/train/DiffusionTraining.h"

#include <ATen/ATen.h>

#include "core/diffusion/PredictionConversion.h"
#include "core/train/DepthLosses.h"

namespace ds {

NoisedBatch noiseBatch(const NoiseSchedule& schedule, const torch::Tensor& x0) {
  NoisedBatch n;
  n.t = torch::randint(schedule.trainSteps(), {x0.size(0)},
                       torch::TensorOptions(torch::kLong).device(x0.device()));
  n.alphaBar = schedule.alphaBarAt(n.t);
  n.eps = torch::randn_like(x0);
  n.xt = schedule.addNoise(x0, n.eps, n.t);
  return n;
}

NoisedBatch renoise(const NoisedBatch& like, const torch::Tensor& estimate) {
  NoisedBatch n = like;
  n.eps = torch::randn_like(estimate);
  n.xt = noisySample(estimate, n.eps, like.alphaBar);
  return n;
}

torch::Tensor diffusionL1(PredictionType type, const torch::Tensor& output,
                          const torch::Tensor& x0, const NoisedBatch& noised,
                          const torch::Tensor& mask) {
  // The noise that turns x0 into this x_t; where alpha_bar is ~1 the sample target is used
  // through the same formula with 1 - a floored (the v target is then ~ -x0 * 0 + eps ~ eps).
  const auto a = noised.alphaBar.to(x0.dtype()).view({-1, 1, 1, 1});
  const auto eps = (noised.xt - a.sqrt() * x0) / (1 - a).clamp_min(1e-6).sqrt();
  const auto target = predictionTarget(type, x0, eps, noised.alphaBar);
  return maskedL1(output, target, mask.expand_as(output));
}

}  // namespace ds
