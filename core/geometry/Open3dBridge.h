#pragma once
// Conversions between core's light geometry types and Open3D's (double precision, Eigen), used for
// Open3D's algorithms (quadric decimation) and its file readers and writers. Open3D is forward
// declared so that callers that only pass geometry around do not pay for its headers; include
// open3d/geometry/PointCloud.h or TriangleMesh.h where the returned objects are used.
#include "core/geometry/PointCloud.h"
#include "core/geometry/TriangleMesh.h"

namespace open3d::geometry {
class PointCloud;
class TriangleMesh;
}  // namespace open3d::geometry

namespace ds {

open3d::geometry::PointCloud toOpen3d(const PointCloud& cloud);
open3d::geometry::TriangleMesh toOpen3d(const TriangleMesh& mesh);

// Colours and normals come over only when Open3D has one per point/vertex. Throws ds::Error on a
// negative vertex index (a corrupt Open3D mesh).
PointCloud fromOpen3d(const open3d::geometry::PointCloud& cloud);
TriangleMesh fromOpen3d(const open3d::geometry::TriangleMesh& mesh);

}  // namespace ds
