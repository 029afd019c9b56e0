#pragma once
// The training losses of the papers, on valid pixels only:
// - scale-and-shift-invariant (MiDaS): the target is normalised per image (median 0, mean absolute
//   deviation 1), the prediction is aligned to it by least squares with the scale constrained to
//   be positive (a negative fit would let the network learn depth upside down), and the loss is the
//   mean absolute residual; plus multi-scale gradient matching for sharp edges;
// - L1 (DepthGen) and masked mean helpers.
#include <torch/types.h>

namespace ds {

struct AffineFit {
  torch::Tensor scale, shift;  // [N, 1, 1, 1], scale >= minScale
};

// Least-squares s, b minimising sum_mask (s * pred + b - target)^2 per image, s clamped to at
// least minScale (b refitted for the clamped s). Computed without gradient. Images with fewer than
// two valid pixels get s = 1, b = 0.
AffineFit fitPositiveScaleShift(const torch::Tensor& pred, const torch::Tensor& target,
                                const torch::Tensor& mask, double minScale = 1e-6);

// Per image: (x - median) / mean|x - median| over the mask (1 where the deviation is 0).
torch::Tensor normalizeMedianMad(const torch::Tensor& x, const torch::Tensor& mask);

// Mean over the mask of |a - b| (0 when the mask is empty).
torch::Tensor maskedL1(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& mask);

// The scale-and-shift-invariant loss; pred, target, mask [N, 1, H, W].
torch::Tensor ssiLoss(const torch::Tensor& pred, const torch::Tensor& target,
                      const torch::Tensor& mask);
// Gradient matching on the aligned residual at `scales` scales (MiDaS): mean over the mask of
// |d/dx r| + |d/dy r|, r = aligned - target, at each halving of the resolution.
torch::Tensor gradientMatchingLoss(const torch::Tensor& pred, const torch::Tensor& target,
                                   const torch::Tensor& mask, int scales = 4);

}  // namespace ds
