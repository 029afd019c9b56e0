#pragma once
// The procedural training world: a seed gives a scene (SceneSampler), its rendering (SceneRenderer)
// and a camera's processing of it (auto exposure with a random offset, white balance, tone curve,
// gamma, vignetting, sensor noise), with the exact depth as ground truth. Optionally the right view
// of a rectified pair and sensor-like holes in the ground truth. Deterministic by seed, on any
// device.
#include <torch/types.h>

#include <cstdint>

#include "core/synth/SceneDescription.h"
#include "core/synth/SynthOptions.h"

namespace ds {

struct SynthSample {
  torch::Tensor rgb;    // [3, H, W] float in [0, 1] (sRGB-like, as a camera writes it)
  torch::Tensor depth;  // [1, H, W] metres (z-depth); 0 where invalid
  torch::Tensor valid;  // [1, H, W] bool: ground truth known (no sky, in range, no hole)
  torch::Tensor right;  // [3, H, W] the right view when stereo was asked for, else undefined
  double fx = 0, fy = 0, cx = 0, cy = 0;
  double baseline = 0;  // metres (stereo only)
  SceneKind kind = SceneKind::Indoor;
  uint64_t seed = 0;
};

class SynthGenerator {
 public:
  SynthGenerator(const SynthOptions& options, const torch::Device& device);

  // The scene kind a seed draws (by the options' shares).
  SceneKind kindFor(uint64_t seed) const;
  SynthSample generate(uint64_t seed) const;
  const SynthOptions& options() const { return options_; }

 private:
  SynthOptions options_;
  torch::Device device_;
};

}  // namespace ds
