#pragma once
// Combines the members of a diffusion ensemble (one image, N samples run as one batch). Members of
// an affine-invariant model differ by scale and shift, so each is first aligned (least squares,
// positive scale) to the per-pixel median of all members; then the median or mean is taken, and the
// spread across aligned members is the per-pixel uncertainty.
#include <torch/types.h>

#include "core/methods/EnsembleReduction.h"

namespace ds {

struct EnsembleResult {
  torch::Tensor combined;     // [1,1,H,W]
  torch::Tensor uncertainty;  // [1,1,H,W]: standard deviation of the aligned members
  torch::Tensor aligned;      // [N,1,H,W]
};

class EnsembleReducer {
 public:
  // members: [N,1,H,W] in a common (normalised) space. One member: combined = it, uncertainty 0.
  static EnsembleResult reduce(const torch::Tensor& members, EnsembleReduction reduction);
};

}  // namespace ds
