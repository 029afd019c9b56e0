#pragma once
// Conversions between a denoiser's output and the quantities samplers and training need, for
// x_t = sqrt(a) x0 + sqrt(1 - a) eps with a = alpha_bar(t) (notes/methods.md):
//   epsilon: x0 = (x_t - sqrt(1 - a) eps) / sqrt(a)                 (undefined at a = 0)
//   v:       v = sqrt(a) eps - sqrt(1 - a) x0;  x0 = sqrt(a) x_t - sqrt(1 - a) v,
//                                               eps = sqrt(1 - a) x_t + sqrt(a) v
//   sample:  eps = (x_t - sqrt(a) x0) / sqrt(1 - a)                 (undefined at a = 1)
//
// `alphaBar` is either a 0-dim tensor (one value for the whole batch) or a 1-D tensor with one
// value per batch element (dimension 0 of the other tensors); values must lie in [0, 1]. It is
// used in float64 for the square roots and then cast to the other tensors' dtype and device.
// Every function throws ds::Error on a shape mismatch or an undefined conversion: with zero
// terminal SNR (alpha_bar(T-1) = 0) epsilon prediction cannot give x0 at the first sampling step,
// so such models must predict v or the sample. Near alpha_bar = 0 (cosine's last step without
// zero terminal SNR: 2.4e-9) epsilon -> x0 divides by sqrt(a) and magnifies float32 rounding; the
// sampler's next step scales x0 by sqrt(a_s) again, so samples stay accurate, but that first x0
// estimate (the step slider's first frame) can be noisy.
#include <torch/types.h>

#include "core/diffusion/PredictionType.h"

namespace ds {

// The forward process: x_t = sqrt(a) x0 + sqrt(1 - a) eps.
torch::Tensor noisySample(const torch::Tensor& x0, const torch::Tensor& eps,
                          const torch::Tensor& alphaBar);

// The clean-sample estimate x0 from a model output of the given type at x_t.
torch::Tensor predictedSample(PredictionType type, const torch::Tensor& output,
                              const torch::Tensor& xt, const torch::Tensor& alphaBar);
torch::Tensor predictedSample(PredictionType type, const torch::Tensor& output,
                              const torch::Tensor& xt, double alphaBar);

// The noise estimate eps from a model output of the given type at x_t.
torch::Tensor predictedNoise(PredictionType type, const torch::Tensor& output,
                             const torch::Tensor& xt, const torch::Tensor& alphaBar);
torch::Tensor predictedNoise(PredictionType type, const torch::Tensor& output,
                             const torch::Tensor& xt, double alphaBar);

// What a model of the given type is trained to output for x_t = noisySample(x0, eps, a).
torch::Tensor predictionTarget(PredictionType type, const torch::Tensor& x0,
                               const torch::Tensor& eps, const torch::Tensor& alphaBar);

// Re-expresses a model output of type `from` at x_t as the output of type `to`.
torch::Tensor convertPrediction(PredictionType from, PredictionType to, const torch::Tensor& output,
                                const torch::Tensor& xt, const torch::Tensor& alphaBar);

}  // namespace ds
