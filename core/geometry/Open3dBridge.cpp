#include "core/geometry/Open3dBridge.h"

#include <open3d/geometry/PointCloud.h>
#include <open3d/geometry/TriangleMesh.h>

#include <string>

#include "core/util/Error.h"

namespace ds {

namespace {

std::vector<Eigen::Vector3d> toEigen(const std::vector<Vec3f>& v) {
  std::vector<Eigen::Vector3d> out;
  out.reserve(v.size());
  for (const Vec3f& p : v)
    out.emplace_back(p[0], p[1], p[2]);
  return out;
}

std::vector<Vec3f> fromEigen(const std::vector<Eigen::Vector3d>& v) {
  std::vector<Vec3f> out;
  out.reserve(v.size());
  for (const Eigen::Vector3d& p : v)
    out.push_back({float(p.x()), float(p.y()), float(p.z())});
  return out;
}

}  // namespace

open3d::geometry::PointCloud toOpen3d(const PointCloud& cloud) {
  cloud.check();
  open3d::geometry::PointCloud out;
  out.points_ = toEigen(cloud.positions);
  out.colors_ = toEigen(cloud.colors);
  out.normals_ = toEigen(cloud.normals);
  return out;
}

open3d::geometry::TriangleMesh toOpen3d(const TriangleMesh& mesh) {
  mesh.check();
  open3d::geometry::TriangleMesh out;
  out.vertices_ = toEigen(mesh.positions);
  out.vertex_colors_ = toEigen(mesh.colors);
  out.vertex_normals_ = toEigen(mesh.normals);
  out.triangles_.reserve(mesh.triangles.size());
  for (const auto& t : mesh.triangles)
    out.triangles_.emplace_back(int(t[0]), int(t[1]), int(t[2]));
  return out;
}

PointCloud fromOpen3d(const open3d::geometry::PointCloud& cloud) {
  PointCloud out;
  out.positions = fromEigen(cloud.points_);
  if (cloud.colors_.size() == cloud.points_.size()) out.colors = fromEigen(cloud.colors_);
  if (cloud.normals_.size() == cloud.points_.size()) out.normals = fromEigen(cloud.normals_);
  return out;
}

TriangleMesh fromOpen3d(const open3d::geometry::TriangleMesh& mesh) {
  TriangleMesh out;
  out.positions = fromEigen(mesh.vertices_);
  if (mesh.vertex_colors_.size() == mesh.vertices_.size())
    out.colors = fromEigen(mesh.vertex_colors_);
  if (mesh.vertex_normals_.size() == mesh.vertices_.size())
    out.normals = fromEigen(mesh.vertex_normals_);
  out.triangles.reserve(mesh.triangles_.size());
  for (const Eigen::Vector3i& t : mesh.triangles_) {
    if (t.minCoeff() < 0)
      throw Error("mesh triangle refers to a negative vertex index " +
                  std::to_string(t.minCoeff()));
    out.triangles.push_back({uint32_t(t[0]), uint32_t(t[1]), uint32_t(t[2])});
  }
  out.check();
  return out;
}

}  // namespace ds
