#include "core/geometry/MeshOptions.h"

#include <climits>
#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

void MeshOptions::check() const {
  if (std::isnan(discontinuityThreshold) || !(discontinuityThreshold > 0.0f))
    throw Error(
        "mesh: discontinuityThreshold must be positive (a fraction of depth, e.g. 0.05), not " +
        std::to_string(discontinuityThreshold));
  if (stride < 1) throw Error("mesh: stride must be at least 1, not " + std::to_string(stride));
  if (targetTriangles > size_t(INT_MAX))
    throw Error("mesh: targetTriangles " + std::to_string(targetTriangles) +
                " is larger than decimation supports (" + std::to_string(INT_MAX) + ")");
  depth.check();
  normals.check();
}

}  // namespace ds
