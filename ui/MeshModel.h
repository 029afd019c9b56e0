#pragma once
// What the 3D view draws: a depth map's grid mesh in the viewer frame (y up, z towards the
// viewer), every triangle kept but sorted by its depth jump, so discontinuity culling is live: the
// view draws the prefix of triangles whose jump is below the threshold. Built off the GUI thread.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"

namespace ds::ui {

struct MeshModel {
  std::vector<float> vertices;    // x y z nx ny nz r g b, per vertex
  std::vector<uint32_t> indices;  // triangles, sorted by jump ascending
  std::vector<float> jumps;       // per triangle (same order): max/min depth - 1
  float centre[3] = {0, 0, 0};    // what the camera orbits: on the optical axis, median depth
  float radius = 1;
  float halfExtent[3] = {1, 1, 1};  // of the bounding box, for framing
  float fovYDeg = 45;  // the photo's vertical field of view: the view starts as the photo looked
  bool fromPhotoCamera = false;  // positions are in the photo's camera frame (origin = camera)
  // A subsampled copy the view draws while the camera moves (software GL cannot turn millions of
  // triangles interactively); null when the mesh is small enough already.
  std::shared_ptr<const MeshModel> coarse;
  static constexpr size_t kInteractiveTriangles = 150000;
  size_t vertexCount() const { return vertices.size() / 9; }
  size_t triangleCount() const { return indices.size() / 3; }
  // Triangles whose jump is at most `threshold` (a prefix of indices).
  size_t trianglesWithin(float threshold) const;

  // `stride` subsamples the grid (1 = every pixel). `colour` may be empty (grey).
  static MeshModel fromDepth(const DepthMap& depth, const Intrinsics& intrinsics,
                             const Image& colour, int stride = 1);
};

}  // namespace ds::ui
