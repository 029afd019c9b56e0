#include "core/geometry/PointCloud.h"

#include <string>

#include "core/util/Error.h"

namespace ds {

void PointCloud::check() const {
  if (!colors.empty() && colors.size() != positions.size())
    throw Error("point cloud has " + std::to_string(colors.size()) + " colours for " +
                std::to_string(positions.size()) + " points");
  if (!normals.empty() && normals.size() != positions.size())
    throw Error("point cloud has " + std::to_string(normals.size()) + " normals for " +
                std::to_string(positions.size()) + " points");
}

}  // namespace ds
