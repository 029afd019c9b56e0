#pragma once
// Reads point clouds and meshes by extension (see GeometryFormats.h) back into the camera frame
// (FileFrame.h), for tests, format conversion and re-import. Open3D reads .ply .pcd .xyz .obj .stl;
// tinygltf reads .gltf and .glb. Note: Open3D's .obj reader returns vertices in the order faces
// first use them; .stl facets' corners are merged back into shared vertices (by position) with
// area-weighted normals from the facets.
#include <filesystem>

#include "core/geometry/PointCloud.h"
#include "core/geometry/TriangleMesh.h"

namespace ds {

// Throw ds::Error naming `path` when it is missing, has an unsupported extension, cannot be
// parsed, or holds no points / no triangles.
PointCloud readPointCloud(const std::filesystem::path& path);
TriangleMesh readMesh(const std::filesystem::path& path);

}  // namespace ds
