#pragma once
// A coloured point cloud in the camera frame (x right, y down, z forward, metres or the depth's own
// unit). Plain arrays, no Open3D, so the 3D view can upload them to GL directly. colors and normals
// are either empty or one per position; colours are RGB in [0, 1].
#include <cstddef>
#include <vector>

#include "core/geometry/Vec3f.h"

namespace ds {

struct PointCloud {
  std::vector<Vec3f> positions;
  std::vector<Vec3f> colors;
  std::vector<Vec3f> normals;

  size_t size() const { return positions.size(); }
  bool empty() const { return positions.empty(); }
  bool hasColors() const { return !colors.empty(); }
  bool hasNormals() const { return !normals.empty(); }
  // Throws ds::Error when colours or normals are present but not one per point.
  void check() const;
};

}  // namespace ds
