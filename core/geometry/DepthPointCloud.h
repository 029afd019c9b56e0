#pragma once
// A point cloud from a depth map: one point per valid pixel (every stride-th pixel in both
// directions), coloured from an image and carrying the depth's surface normal.
#include "core/geometry/GeometryDepth.h"
#include "core/geometry/NormalOptions.h"
#include "core/geometry/PointCloud.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"

namespace ds {

struct PointCloudOptions {
  int stride = 1;              // keep every stride-th pixel in x and y
  bool withNormals = true;     // per-point normals from the depth (gridNormals)
  GeometryDepthOptions depth;  // how relative inverse depth becomes depth
  NormalOptions normals;       // how the normals are estimated (on the strided grid)

  // Throws ds::Error for stride < 1 or bad depth or normal options.
  void check() const;
};

// `colour` may be empty (no colours) or any size (resampled to the depth map's with rgbAtSize).
// Positions in the camera frame (x right, y down, z forward). Throws ds::Error on an empty depth
// map or invalid intrinsics.
PointCloud depthToPointCloud(const DepthMap& depth, const Intrinsics& intrinsics,
                             const Image& colour = Image(), const PointCloudOptions& options = {});

}  // namespace ds
