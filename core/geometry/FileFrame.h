#pragma once
// The coordinate frame of exported files. Geometry in memory is in the camera frame (x right,
// y down, z forward, as back-projection gives it). Files get the viewer frame instead: x right,
// y up, z towards the viewer, the camera at the origin looking down -z. glTF requires y up, and
// MeshLab, Blender and Open3D's own viewer all assume it, so an export opens upright and facing the
// user rather than upside down and from behind. The change is a 180 degree turn about x,
// (x, y, z) -> (x, -y, -z): a rotation, so triangle winding and normals stay consistent, and it is
// its own inverse, so the readers apply the same function to get the camera frame back.
#include "core/geometry/PointCloud.h"
#include "core/geometry/TriangleMesh.h"
#include "core/geometry/Vec3f.h"

namespace ds {

inline Vec3f flipYZ(const Vec3f& v) {
  return {v[0], -v[1], -v[2]};
}

// Camera frame <-> file frame (the same function both ways).
inline PointCloud flipYZ(PointCloud cloud) {
  for (Vec3f& p : cloud.positions)
    p = flipYZ(p);
  for (Vec3f& n : cloud.normals)
    n = flipYZ(n);
  return cloud;
}

inline TriangleMesh flipYZ(TriangleMesh mesh) {
  for (Vec3f& p : mesh.positions)
    p = flipYZ(p);
  for (Vec3f& n : mesh.normals)
    n = flipYZ(n);
  return mesh;
}

}  // namespace ds
