#pragma once
// InvT-IndDiffusion's "mutual conditional map": the encoder's high-level levels 2 (1/8) and 3
// (1/16) at one resolution — l3 bilinearly upsampled to l2's size — concatenated along channels.
// The decoder fuses it into d2 and the feature denoiser is conditioned on it.
#include <torch/types.h>

namespace ds {

// l2 [N, C2, h, w], l3 [N, C3, h', w'] -> [N, C2 + C3, h, w]. ds::Error on mismatched batches or
// non-4-D inputs.
torch::Tensor mutualConditionalMap(const torch::Tensor& l2, const torch::Tensor& l3);

}  // namespace ds
