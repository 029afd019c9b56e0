#include "core/geometry/GeometryWriter.h"

#include <open3d/geometry/PointCloud.h>
#include <open3d/geometry/TriangleMesh.h>
#include <open3d/io/PointCloudIO.h>
#include <open3d/io/TriangleMeshIO.h>

#include "core/geometry/FileFrame.h"
#include "core/geometry/GeometryFormats.h"
#include "core/geometry/GltfMeshWriter.h"
#include "core/geometry/Open3dBridge.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

// Array mismatches become file errors, so the user learns which export failed.
template <typename Geometry>
void checkFor(const fs::path& path, const Geometry& g) {
  try {
    g.check();
  } catch (const Error& e) {
    throw Error::file(path, e.what());
  }
}

}  // namespace

void writePointCloud(const fs::path& path, const PointCloud& cloud) {
  const std::string ext = lowerExtension(path);
  if (!isPointCloudExtension(ext))
    throw Error::file(path, unsupportedFormatMessage(ext, "point cloud", pointCloudExtensions()));
  if (cloud.empty()) throw Error::file(path, "the point cloud is empty (no valid depth?)");
  checkFor(path, cloud);
  const open3d::geometry::PointCloud o3d = toOpen3d(flipYZ(cloud));
  writeAtomically(path, [&](const fs::path& tmp) {
    const open3d::io::WritePointCloudOption binary(
        open3d::io::WritePointCloudOption::IsAscii::Binary,
        open3d::io::WritePointCloudOption::Compressed::Uncompressed);
    if (!open3d::io::WritePointCloud(tmp.string(), o3d, binary))
      throw Error::file(path, "Open3D could not write the point cloud");
  });
}

void writeMesh(const fs::path& path, const TriangleMesh& mesh) {
  const std::string ext = lowerExtension(path);
  if (!isMeshExtension(ext))
    throw Error::file(path, unsupportedFormatMessage(ext, "mesh", meshExtensions()));
  if (mesh.positions.empty()) throw Error::file(path, "the mesh is empty (no valid depth?)");
  if (mesh.triangles.empty()) throw Error::file(path, "the mesh has no triangles");
  checkFor(path, mesh);
  const TriangleMesh fileMesh = flipYZ(mesh);

  if (ext == ".gltf" || ext == ".glb") {
    writeAtomically(
        path, [&](const fs::path& tmp) { writeGltfMesh(tmp, fileMesh, ext == ".glb", path); });
    return;
  }
  open3d::geometry::TriangleMesh o3d = toOpen3d(fileMesh);
  if (ext == ".stl") o3d.ComputeTriangleNormals();  // STL stores facet normals only
  writeAtomically(path, [&](const fs::path& tmp) {
    // Binary where the format has it; .obj is text and, with no texture, Open3D writes no .mtl,
    // so there is no companion file that could name the temporary.
    const bool ok = open3d::io::WriteTriangleMesh(tmp.string(), o3d, /*write_ascii=*/false,
                                                  /*compressed=*/false,
                                                  /*write_vertex_normals=*/true,
                                                  /*write_vertex_colors=*/true,
                                                  /*write_triangle_uvs=*/false,
                                                  /*print_progress=*/false);
    if (!ok) throw Error::file(path, "Open3D could not write the mesh");
  });
}

}  // namespace ds
