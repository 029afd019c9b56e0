#include "core/geometry/GeometryReader.h"

#include <open3d/geometry/PointCloud.h>
#include <open3d/geometry/TriangleMesh.h>
#include <open3d/io/PointCloudIO.h>
#include <open3d/io/TriangleMeshIO.h>

#include "core/geometry/FileFrame.h"
#include "core/geometry/GeometryFormats.h"
#include "core/geometry/GltfMeshReader.h"
#include "core/geometry/Open3dBridge.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

void checkReadable(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error::file(path, "file not found");
  if (fs::is_directory(path, ec)) throw Error::file(path, "is a folder, not a file");
}

}  // namespace

PointCloud readPointCloud(const fs::path& path) {
  const std::string ext = lowerExtension(path);
  if (!isPointCloudExtension(ext))
    throw Error::file(path, unsupportedFormatMessage(ext, "point cloud", pointCloudExtensions()));
  checkReadable(path);
  open3d::geometry::PointCloud o3d;
  if (!open3d::io::ReadPointCloud(path.string(), o3d))
    throw Error::file(path, "not a readable " + ext + " point cloud");
  if (o3d.points_.empty()) throw Error::file(path, "contains no points");
  return flipYZ(fromOpen3d(o3d));
}

TriangleMesh readMesh(const fs::path& path) {
  const std::string ext = lowerExtension(path);
  if (!isMeshExtension(ext))
    throw Error::file(path, unsupportedFormatMessage(ext, "mesh", meshExtensions()));
  checkReadable(path);
  if (ext == ".gltf" || ext == ".glb") return flipYZ(readGltfMesh(path));
  open3d::geometry::TriangleMesh o3d;
  if (!open3d::io::ReadTriangleMesh(path.string(), o3d))
    throw Error::file(path, "not a readable " + ext + " mesh");
  if (o3d.triangles_.empty()) throw Error::file(path, "contains no triangles");
  if (ext == ".stl") {
    // STL stores three corners per facet; share them again, with normals from the facets.
    o3d.RemoveDuplicatedVertices();
    o3d.vertex_normals_.clear();
    o3d.ComputeVertexNormals();
  }
  TriangleMesh mesh;
  try {
    mesh = fromOpen3d(o3d);
  } catch (const Error& e) {
    throw Error::file(path, e.what());
  }
  return flipYZ(std::move(mesh));
}

}  // namespace ds
