#include "core/pipeline/GeometryExport.h"

#include <algorithm>

#include "core/geometry/DepthMesher.h"
#include "core/geometry/DepthPointCloud.h"
#include "core/geometry/GeometryFormats.h"
#include "core/geometry/GeometryWriter.h"
#include "core/geometry/SurfaceNormals.h"
#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

void requireExtension(const fs::path& path, const std::vector<std::string>& allowed,
                      const std::string& what) {
  const std::string ext = lowerExtension(path);
  if (std::find(allowed.begin(), allowed.end(), ext) != allowed.end()) return;
  std::string list;
  for (const auto& a : allowed)
    list += (list.empty() ? "" : " ") + a;
  throw Error::file(path, "cannot write a " + what + " as '" + ext + "' (supported: " + list + ")");
}

}  // namespace

void GeometryExportRequest::check() const {
  mesh.check();
  if (pointStride < 1) throw Error("point stride must be at least 1");
  for (const auto& p : pointClouds)
    requireExtension(p, pointCloudExtensions(), "point cloud");
  for (const auto& p : meshes)
    requireExtension(p, meshExtensions(), "mesh");
  for (const auto& p : normalMaps)
    requireExtension(p, {".png", ".jpg", ".jpeg"}, "normal map");
  for (const auto& p : depthFiles)
    requireExtension(p, supportedDepthExtensions(), "depth map");
  for (const auto* group : {&pointClouds, &meshes, &normalMaps, &depthFiles})
    for (const auto& p : *group)
      checkWritable(p);
}

GeometryExportSummary exportGeometry(const DepthMap& depth, const Intrinsics& intrinsics,
                                     const Image& colour, const GeometryExportRequest& request,
                                     ProgressSink& progress, const CancelToken& cancel) {
  request.check();
  GeometryExportSummary summary;
  const double jobs = double(request.pointClouds.size() + request.meshes.size() +
                             request.normalMaps.size() + request.depthFiles.size());
  double done = 0;
  auto step = [&](const std::string& message) {
    cancel.throwIfCancelled();
    progress.report({jobs > 0 ? done / jobs : 1.0, "export", 0, 0, message});
    done += 1;
  };
  for (const auto& path : request.depthFiles) {
    step(path.filename().string());
    const DepthWriteInfo info = writeDepth(path, depth);
    summary.lines.push_back(
        path.string() + ": depth (" + toString(depth.kind()) + ")" +
        (info.pngScale > 0 ? ", value = depth x " + std::to_string(info.pngScale) : ""));
  }
  if (!request.pointClouds.empty()) {
    PointCloudOptions options;
    options.stride = request.pointStride;
    options.depth = request.mesh.depth;
    options.normals = request.mesh.normals;
    const PointCloud cloud = depthToPointCloud(depth, intrinsics, colour, options);
    for (const auto& path : request.pointClouds) {
      step(path.filename().string());
      writePointCloud(path, cloud);
      summary.lines.push_back(path.string() + ": " + std::to_string(cloud.positions.size()) +
                              " points");
    }
  }
  if (!request.meshes.empty()) {
    SubProgress meshProgress(progress, jobs > 0 ? done / jobs : 0.0,
                             jobs > 0 ? (done + 1) / jobs : 1.0);
    const TriangleMesh mesh =
        DepthMesher(request.mesh).run(depth, intrinsics, colour, meshProgress, cancel);
    for (const auto& path : request.meshes) {
      step(path.filename().string());
      writeMesh(path, mesh);
      summary.lines.push_back(path.string() + ": " + std::to_string(mesh.positions.size()) +
                              " vertices, " + std::to_string(mesh.triangles.size()) + " triangles");
    }
  }
  if (!request.normalMaps.empty()) {
    const Image normals = normalMap(depth, intrinsics, request.mesh.depth, request.mesh.normals);
    for (const auto& path : request.normalMaps) {
      step(path.filename().string());
      writeImage(path, normals);
      summary.lines.push_back(path.string() + ": normal map");
    }
  }
  progress.report({1.0, "export", 0, 0, "done"});
  return summary;
}

}  // namespace ds
