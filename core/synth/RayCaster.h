#pragma once
// Batched ray casting against a SceneDescription's analytic primitives (planes, yawed boxes,
// spheres, vertical cylinders): every ray against every primitive as tensor arithmetic, so the
// same code runs on the CPU and on a GPU. Rays are processed in chunks to bound memory.
#include <torch/types.h>

#include "core/synth/SceneDescription.h"

namespace ds {

struct RayHits {
  torch::Tensor t;         // [R] distance along the (unit) ray; +inf where nothing was hit
  torch::Tensor normal;    // [R, 3] unit surface normal facing the ray (0 where missed)
  torch::Tensor material;  // [R] int64 material index; -1 where missed
};

class RayCaster {
 public:
  RayCaster(const SceneDescription& scene, const torch::Device& device);

  // origins, directions: [R, 3] (directions unit length). Hits closer than `minT` are ignored
  // (self-intersection of secondary rays).
  RayHits cast(const torch::Tensor& origins, const torch::Tensor& directions,
               double minT = 1e-4) const;
  // True where something lies between minT and maxT along the ray ([R] or scalar maxT).
  torch::Tensor occluded(const torch::Tensor& origins, const torch::Tensor& directions,
                         const torch::Tensor& maxT, double minT = 1e-3) const;

  const torch::Device& device() const { return device_; }

 private:
  RayHits castChunk(const torch::Tensor& o, const torch::Tensor& d, double minT) const;

  torch::Device device_;
  // Planes: normal [P,3], offset [P]; boxes: centre, half [B,3], cos/sin of yaw [B];
  // spheres: centre [S,3], radius [S]; cylinders: [C,5] (x, z, r, y0, y1). Materials per type.
  torch::Tensor planeN_, planeD_, boxC_, boxH_, boxCos_, boxSin_, sphereC_, sphereR_, cyl_;
  torch::Tensor planeM_, boxM_, sphereM_, cylM_;
};

}  // namespace ds
