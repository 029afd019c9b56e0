#include "core/geometry/BackProjection.h"

#include <string>

#include "core/util/Error.h"

namespace ds {

PointGrid backProject(const DepthMap& depth, const Intrinsics& intrinsics,
                      const GeometryDepthOptions& options) {
  if (depth.empty()) throw Error("back-projection: the depth map is empty");
  intrinsics.check();
  const Intrinsics k = (intrinsics.width == depth.width() && intrinsics.height == depth.height())
                           ? intrinsics
                           : intrinsics.scaledTo(depth.width(), depth.height());
  const DepthMap z = toGeometryDepth(depth, options);

  PointGrid grid;
  grid.width = z.width();
  grid.height = z.height();
  grid.positions.assign(z.pixelCount(), Vec3f{0.0f, 0.0f, 0.0f});
  grid.valid = z.validMask();
  const double invFx = 1.0 / k.fx, invFy = 1.0 / k.fy;
  for (int v = 0; v < grid.height; ++v) {
    const double rayY = (v - k.cy) * invFy;
    for (int u = 0; u < grid.width; ++u) {
      const size_t i = grid.index(u, v);
      if (!grid.valid[i]) continue;
      const double zz = z.values()[i];
      grid.positions[i] = {float((u - k.cx) * invFx * zz), float(rayY * zz), float(zz)};
    }
  }
  return grid;
}

PointGrid subsample(const PointGrid& grid, int stride) {
  if (stride < 1)
    throw Error("subsample: stride must be at least 1, not " + std::to_string(stride));
  if (stride == 1) return grid;
  PointGrid out;
  out.width = (grid.width + stride - 1) / stride;
  out.height = (grid.height + stride - 1) / stride;
  out.positions.resize(size_t(out.width) * size_t(out.height));
  out.valid.resize(out.positions.size());
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const size_t src = grid.index(x * stride, y * stride), dst = out.index(x, y);
      out.positions[dst] = grid.positions[src];
      out.valid[dst] = grid.valid[src];
    }
  return out;
}

}  // namespace ds
