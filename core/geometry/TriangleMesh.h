#pragma once
// An indexed triangle mesh in the camera frame (x right, y down, z forward). Triangles are counter-
// clockwise seen from their front, so the front faces the camera for meshes made from depth.
// colors and normals are per vertex, either empty or one per position; colours RGB in [0, 1].
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/geometry/Vec3f.h"

namespace ds {

struct TriangleMesh {
  using Triangle = std::array<uint32_t, 3>;

  std::vector<Vec3f> positions;
  std::vector<Vec3f> colors;
  std::vector<Vec3f> normals;
  std::vector<Triangle> triangles;

  size_t vertexCount() const { return positions.size(); }
  size_t triangleCount() const { return triangles.size(); }
  bool empty() const { return positions.empty() || triangles.empty(); }
  bool hasColors() const { return !colors.empty(); }
  bool hasNormals() const { return !normals.empty(); }
  // Throws ds::Error when per-vertex arrays do not match or an index is out of range.
  void check() const;
};

}  // namespace ds
