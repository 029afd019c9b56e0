#pragma once
// Per-image normalisation of depth for the diffusion models (BetterDepth, DepthGen): values are
// taken to an inverse-depth-like space (larger = nearer: depth kinds are inverted), then the 2nd
// and 98th percentiles of the valid pixels map to -1 and +1, clamped to ±kClamp so a few outliers
// stay representable without dominating. Invalid pixels are filled from their nearest valid
// neighbour (DepthGen's infilling) so the networks see a dense map; the mask travels alongside.
#include <torch/types.h>

namespace ds {

struct DepthNormalization {
  torch::Tensor low;   // [N] value at the 2nd percentile (inverse-depth-like space)
  torch::Tensor high;  // [N] value at the 98th percentile
};

class DepthNormalizer {
 public:
  static constexpr double kClamp = 1.5;

  // values, valid: [N,1,H,W] (valid: bool or 0/1). `inverse`: the values are already
  // inverse-depth-like. Returns the normalised, infilled map and the statistics to undo it.
  // Throws ds::Error when an image has fewer than two distinct valid values.
  static std::pair<torch::Tensor, DepthNormalization> normalize(const torch::Tensor& values,
                                                                const torch::Tensor& valid,
                                                                bool inverse);
  // Back to the inverse-depth-like space of `stats` ([N,1,H,W] in, same out).
  static torch::Tensor denormalize(const torch::Tensor& normalized,
                                   const DepthNormalization& stats);
  // Nearest-valid-neighbour filling of invalid pixels ([N,1,H,W]); a map with no valid pixel is
  // returned unchanged.
  static torch::Tensor infillNearest(const torch::Tensor& values, const torch::Tensor& valid);
};

}  // namespace ds
