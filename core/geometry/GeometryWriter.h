#pragma once
// Writes point clouds and meshes, choosing the format by extension (see GeometryFormats.h). Every
// file goes through ds::writeAtomically, so a failure leaves no file (and keeps an old one).
// Positions and normals are converted from the camera frame to the viewer frame (FileFrame.h).
#include <filesystem>

#include "core/geometry/PointCloud.h"
#include "core/geometry/TriangleMesh.h"

namespace ds {

// Throws ds::Error naming `path` for an unknown extension (listing the supported ones), an empty
// cloud/mesh, inconsistent arrays, or a failed write.
void writePointCloud(const std::filesystem::path& path, const PointCloud& cloud);
void writeMesh(const std::filesystem::path& path, const TriangleMesh& mesh);

}  // namespace ds
