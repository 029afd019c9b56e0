#pragma once
// Per-pixel surface normals from back-projected depth, and the normal map image the papers show
// ("reconstruction coloured as normals").
#include <vector>

#include "core/geometry/GeometryDepth.h"
#include "core/geometry/NormalOptions.h"
#include "core/geometry/PointGrid.h"
#include "core/geometry/Vec3f.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"

namespace ds {

// Unit normals in the camera frame, one per grid point, oriented towards the camera; (0, 0, 0)
// for invalid points. Each is the normal of the least-squares plane through the valid points of
// the (2 r + 1)^2 window around the pixel (r = options.radiusFor), so depth noise averages out.
// A point whose depth differs from the pixel's by more than options.discontinuityThreshold is on
// another surface and left out, so a jump neither tilts nor smears the normal (a window in which
// no two neighbouring pixels differ that much and there is no hole is one surface, used whole).
// Positions are not changed. Where the points do not span a plane (a one-pixel strip, an
// isolated point) the pixel falls back to neighbourNormals. Throws ds::Error on invalid options.
//
// The fit is in inverse depth: a plane n . P = d is exactly affine over the image,
// 1/Z = (n_x a + n_y b + n_z) / d with (a, b) = (X/Z, Y/Z), so the fitted coefficients are the
// normal (no eigen-decomposition), and disparity-like errors (stereo quantisation, most networks)
// are closest to uniform in 1/Z. Windows with no hole and no jump use running window sums, O(1)
// per pixel; only windows next to edges and holes are summed point by point, over at most 9 x 9
// points spread across the window (every point for radii up to 4). About 160 ms for 1282x1110
// at the automatic radius 11 on the project's 2-core machine (4-neighbour: about 45 ms).
std::vector<Vec3f> gridNormals(const PointGrid& grid, const NormalOptions& options = {});

// The per-pixel estimate from the 4 neighbours: tangents are differences to the left/right and
// up/down neighbours, central where both are valid and alike, one-sided where one is invalid or
// much further away in depth, and a point with no usable neighbour in a direction faces the camera
// (its normal is the reversed viewing ray). Exact on clean data, dominated by noise on real depth.
std::vector<Vec3f> neighbourNormals(const PointGrid& grid);

// RGB image of the normals: colour = (n' + 1) / 2 with n' = (x, -y, -z), the viewer frame (x right,
// y up, z towards the viewer) that normal maps use, so a surface facing the camera is (0.5, 0.5, 1)
// (the familiar lavender). Invalid points are black.
Image normalMapImage(const PointGrid& grid, const std::vector<Vec3f>& normals);

// Convenience: back-project (any depth kind) and colour the normals.
Image normalMap(const DepthMap& depth, const Intrinsics& intrinsics,
                const GeometryDepthOptions& options = {}, const NormalOptions& normals = {});

}  // namespace ds
