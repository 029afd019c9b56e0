#include "core/geometry/DepthPointCloud.h"

#include <string>

#include "core/geometry/BackProjection.h"
#include "core/geometry/ColourResample.h"
#include "core/geometry/SurfaceNormals.h"
#include "core/util/Error.h"

namespace ds {

void PointCloudOptions::check() const {
  if (stride < 1)
    throw Error("point cloud: stride must be at least 1, not " + std::to_string(stride));
  depth.check();
  normals.check();
}

PointCloud depthToPointCloud(const DepthMap& depth, const Intrinsics& intrinsics,
                             const Image& colour, const PointCloudOptions& options) {
  options.check();
  const PointGrid full = backProject(depth, intrinsics, options.depth);
  const PointGrid grid = subsample(full, options.stride);
  const Image rgb = colour.empty() ? Image() : rgbAtSize(colour, full.width, full.height);
  const std::vector<Vec3f> normals =
      options.withNormals ? gridNormals(grid, options.normals) : std::vector<Vec3f>();

  PointCloud cloud;
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      if (!grid.isValid(x, y)) continue;
      cloud.positions.push_back(grid.at(x, y));
      if (!rgb.empty()) {
        const int u = x * options.stride, v = y * options.stride;
        cloud.colors.push_back({rgb.at(u, v, 0), rgb.at(u, v, 1), rgb.at(u, v, 2)});
      }
      if (options.withNormals) cloud.normals.push_back(normals[grid.index(x, y)]);
    }
  return cloud;
}

}  // namespace ds
