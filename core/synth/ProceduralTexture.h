#pragma once
// Albedo of the scene's surfaces from their procedural patterns (wood, brick, tile, paint,
// facade, fabric, ground, fractal noise), evaluated per hit point as tensor arithmetic. Planar
// coordinates come from the two world axes across the surface normal's dominant axis.
#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "core/synth/SceneDescription.h"

namespace ds {

class ProceduralTexture {
 public:
  ProceduralTexture(const std::vector<Material>& materials, uint64_t seed,
                    const torch::Device& device);

  // points, normals: [R, 3]; material: [R] int64 (rays with -1 get 0). Returns linear RGB [R, 3].
  torch::Tensor albedo(const torch::Tensor& points, const torch::Tensor& normals,
                       const torch::Tensor& material) const;

  // Value noise in [0, 1] at points [R, 3] (trilinear, smoothstep-weighted lattice); fbm sums
  // `octaves` of it at doubling frequencies.
  torch::Tensor noise(const torch::Tensor& p) const;
  torch::Tensor fbm(const torch::Tensor& p, int octaves) const;

 private:
  torch::Tensor hash(const torch::Tensor& ix, const torch::Tensor& iy, const torch::Tensor& iz) const;

  double seedOffset_;
  torch::Tensor colour_, colour2_, pattern_, scale_, variation_;  // per material
};

}  // namespace ds
