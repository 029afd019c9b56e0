#pragma once
// Renders one view of a SceneDescription by ray casting: primary rays through every pixel,
// procedural albedo, Lambertian shading from each light with cast shadows, ambient light with
// ambient occlusion, a sky gradient where nothing is hit, and distance fog. Output is linear
// radiance (exposure and tone mapping are the camera's job) plus the exact z-depth.
#include <torch/types.h>

#include <cstdint>

#include "core/synth/SceneDescription.h"

namespace ds {

struct RenderedView {
  torch::Tensor radiance;  // [3, H, W] linear
  torch::Tensor depth;     // [1, H, W] z-depth in metres (distance along the optical axis)
  torch::Tensor hit;       // [1, H, W] bool: a surface (not sky) within the scene's maxDepth
  torch::Tensor normal;    // [3, H, W] world-space normals (0 on sky)
};

struct PinholeCamera {
  double fx = 0, fy = 0, cx = 0, cy = 0;
  static PinholeCamera forFov(int width, int height, double horizontalFovDeg);
};

class SceneRenderer {
 public:
  SceneRenderer(int width, int height, int aoRays, const torch::Device& device);

  // `rightShift`: the camera moved this many metres along its own x axis (the right view of a
  // rectified pair). Noise for ambient occlusion comes from `seed`.
  RenderedView render(const SceneDescription& scene, double rightShift, uint64_t seed) const;
  PinholeCamera camera(const SceneDescription& scene) const;

 private:
  int width_, height_, aoRays_;
  torch::Device device_;
};

}  // namespace ds
