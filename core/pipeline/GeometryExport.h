#pragma once
// Turns one stage's depth into the files a user asked for: a point cloud and/or a mesh (format by
// extension), a normal map image, and the depth itself in other formats. Shared by the CLI's
// estimate and export commands and, later, the GUI's export dialog.
#include <filesystem>
#include <string>
#include <vector>

#include "core/geometry/MeshOptions.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

struct GeometryExportRequest {
  std::vector<std::filesystem::path> pointClouds;  // .ply .pcd .xyz
  std::vector<std::filesystem::path> meshes;       // .ply .obj .gltf .glb .stl
  std::vector<std::filesystem::path> normalMaps;   // .png .jpg
  std::vector<std::filesystem::path> depthFiles;   // .npy .pfm .exr .png (16-bit)
  MeshOptions mesh;
  int pointStride = 1;
  bool empty() const {
    return pointClouds.empty() && meshes.empty() && normalMaps.empty() && depthFiles.empty();
  }
  // Checks options and every extension before anything runs, so a typo in the last path does not
  // surface after minutes of work. Throws ds::Error naming the path.
  void check() const;
};

struct GeometryExportSummary {
  std::vector<std::string> lines;  // "points.ply: 1234567 points" ... for the user
};

// `colour` may be empty (then no colours). Throws ds::Error naming the file that failed; files
// already written stay (each is complete), nothing is left half-written.
GeometryExportSummary exportGeometry(const DepthMap& depth, const Intrinsics& intrinsics,
                                     const Image& colour, const GeometryExportRequest& request,
                                     ProgressSink& progress, const CancelToken& cancel);

}  // namespace ds
