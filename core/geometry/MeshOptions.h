#pragma once
// How a depth map becomes a triangle mesh (DepthMesher); the CLI and GUI bind to these fields.
#include <cstddef>

#include "core/geometry/GeometryDepth.h"
#include "core/geometry/NormalOptions.h"

namespace ds {

struct MeshOptions {
  // A triangle is dropped when its vertices' depths differ by more than this fraction of the
  // nearest one: no "rubber sheet" across a depth jump (an object edge in front of a wall).
  // Infinity keeps every triangle.
  float discontinuityThreshold = 0.05f;
  // Grid subsampling: vertices at every stride-th pixel in x and y.
  int stride = 1;
  // 0 = no decimation; otherwise Open3D quadric decimation down to about this many triangles.
  // For speed the grid is first subsampled to at most 4x the target (DepthMesher::effectiveStride).
  size_t targetTriangles = 0;
  // Drop vertices that no triangle uses (isolated pixels, edges of dropped triangles).
  bool removeUnreferencedVertices = true;
  // How relative inverse depth becomes depth.
  GeometryDepthOptions depth;
  // How vertex normals are estimated (window plane fit; its own discontinuity threshold decides
  // which neighbours a normal uses, this struct's decides which triangles are kept).
  NormalOptions normals;

  // Throws ds::Error with the offending field and value.
  void check() const;
};

}  // namespace ds
