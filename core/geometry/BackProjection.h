#pragma once
// Pinhole back-projection of a depth map: X = (u - cx) Z / fx, Y = (v - cy) Z / fy, Z = depth, in
// the camera frame (x right, y down, z forward; (u, v) is the pixel centre's column and row).
// Intrinsics for another resolution are rescaled to the depth map's (Intrinsics::scaledTo).
#include "core/geometry/GeometryDepth.h"
#include "core/geometry/PointGrid.h"
#include "core/image/DepthMap.h"
#include "core/image/Intrinsics.h"

namespace ds {

// Any depth kind; converted first with toGeometryDepth(depth, options). Throws ds::Error on an
// empty depth map or invalid intrinsics.
PointGrid backProject(const DepthMap& depth, const Intrinsics& intrinsics,
                      const GeometryDepthOptions& options = {});

// Every stride-th point in both directions (columns and rows 0, s, 2s, ...). stride >= 1.
PointGrid subsample(const PointGrid& grid, int stride);

}  // namespace ds
