#include "core/geometry/DepthMesher.h"

#include <open3d/geometry/TriangleMesh.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/geometry/BackProjection.h"
#include "core/geometry/ColourResample.h"
#include "core/geometry/Open3dBridge.h"
#include "core/geometry/SurfaceNormals.h"

namespace ds {

namespace {

constexpr uint32_t kNoVertex = std::numeric_limits<uint32_t>::max();
constexpr int kRowsPerCancelCheck = 64;

void report(ProgressSink& sink, double fraction, const std::string& message) {
  Progress p;
  p.fraction = fraction;
  p.stage = "mesh";
  p.message = message;
  sink.report(p);
}

void removeUnreferenced(TriangleMesh& mesh) {
  std::vector<uint32_t> remap(mesh.positions.size(), kNoVertex);
  for (const auto& t : mesh.triangles)
    for (uint32_t i : t)
      remap[i] = 0;
  uint32_t next = 0;
  for (size_t i = 0; i < remap.size(); ++i) {
    if (remap[i] == kNoVertex) continue;
    remap[i] = next;
    mesh.positions[next] = mesh.positions[i];
    if (mesh.hasColors()) mesh.colors[next] = mesh.colors[i];
    if (mesh.hasNormals()) mesh.normals[next] = mesh.normals[i];
    ++next;
  }
  mesh.positions.resize(next);
  if (mesh.hasColors()) mesh.colors.resize(next);
  if (mesh.hasNormals()) mesh.normals.resize(next);
  for (auto& t : mesh.triangles)
    for (uint32_t& i : t)
      i = remap[i];
}

}  // namespace

DepthMesher::DepthMesher(const MeshOptions& options) : options_(options) {
  options_.check();
}

int DepthMesher::effectiveStride(size_t validPixels, const MeshOptions& options) {
  const size_t target = options.targetTriangles;
  const double limit = double(kDecimationInputFactor) * double(target);
  if (target == 0 || 2.0 * double(validPixels) <= limit * options.stride * options.stride)
    return options.stride;
  // Smallest stride whose grid (about 2 triangles per kept pixel) is within the limit.
  return std::max(options.stride, int(std::ceil(std::sqrt(2.0 * double(validPixels) / limit))));
}

TriangleMesh DepthMesher::run(const DepthMap& depth, const Intrinsics& intrinsics,
                              const Image& colour) const {
  NullProgress progress;
  CancelToken cancel;
  return run(depth, intrinsics, colour, progress, cancel);
}

TriangleMesh DepthMesher::run(const DepthMap& depth, const Intrinsics& intrinsics,
                              const Image& colour, ProgressSink& progress,
                              const CancelToken& cancel) const {
  report(progress, 0.0, "back-projecting depth");
  const PointGrid full = backProject(depth, intrinsics, options_.depth);
  cancel.throwIfCancelled();
  const size_t validPixels = size_t(std::count(full.valid.begin(), full.valid.end(), 1));
  const int stride = effectiveStride(validPixels, options_);
  const PointGrid grid = subsample(full, stride);
  const Image rgb = colour.empty() ? Image() : rgbAtSize(colour, full.width, full.height);
  report(progress, 0.15, "estimating normals");
  const std::vector<Vec3f> normals = gridNormals(grid, options_.normals);
  cancel.throwIfCancelled();

  // One vertex per valid grid point.
  TriangleMesh mesh;
  const size_t expected = validPixels / (size_t(stride) * size_t(stride)) + 1;
  mesh.positions.reserve(expected);
  mesh.normals.reserve(expected);
  if (!rgb.empty()) mesh.colors.reserve(expected);
  mesh.triangles.reserve(2 * expected);
  std::vector<uint32_t> vertexOf(grid.positions.size(), kNoVertex);
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      const size_t i = grid.index(x, y);
      if (!grid.valid[i]) continue;
      vertexOf[i] = uint32_t(mesh.positions.size());
      mesh.positions.push_back(grid.positions[i]);
      mesh.normals.push_back(normals[i]);
      if (!rgb.empty()) {
        const int u = x * stride, v = y * stride;
        mesh.colors.push_back({rgb.at(u, v, 0), rgb.at(u, v, 1), rgb.at(u, v, 2)});
      }
    }

  const float threshold = options_.discontinuityThreshold;
  const auto z = [&](uint32_t v) { return mesh.positions[v][2]; };
  const auto add = [&](uint32_t a, uint32_t b, uint32_t c) {
    const float lo = std::min({z(a), z(b), z(c)}), hi = std::max({z(a), z(b), z(c)});
    if (hi - lo <= threshold * lo) mesh.triangles.push_back({a, b, c});
  };
  report(progress, 0.3, "connecting pixels");
  for (int y = 0; y + 1 < grid.height; ++y) {
    if (y % kRowsPerCancelCheck == 0) {
      cancel.throwIfCancelled();
      report(progress, 0.3 + 0.4 * y / grid.height, "connecting pixels");
    }
    for (int x = 0; x + 1 < grid.width; ++x) {
      // Corners: a = (x, y), b = (x+1, y), c = (x, y+1), d = (x+1, y+1). Counter-clockwise as seen
      // by the camera (image y points down) is a -> c -> b.
      const uint32_t a = vertexOf[grid.index(x, y)], b = vertexOf[grid.index(x + 1, y)];
      const uint32_t c = vertexOf[grid.index(x, y + 1)], d = vertexOf[grid.index(x + 1, y + 1)];
      const int corners = (a != kNoVertex) + (b != kNoVertex) + (c != kNoVertex) + (d != kNoVertex);
      if (corners == 4) {
        if (std::fabs(z(a) - z(d)) <= std::fabs(z(b) - z(c))) {
          add(a, c, d);
          add(a, d, b);
        } else {
          add(a, c, b);
          add(b, c, d);
        }
      } else if (corners == 3) {
        if (d == kNoVertex)
          add(a, c, b);
        else if (a == kNoVertex)
          add(b, c, d);
        else if (b == kNoVertex)
          add(a, c, d);
        else
          add(a, d, b);
      }
    }
  }
  cancel.throwIfCancelled();
  if (options_.removeUnreferencedVertices) removeUnreferenced(mesh);

  if (options_.targetTriangles > 0 && mesh.triangles.size() > options_.targetTriangles) {
    report(progress, 0.7, "decimating");
    const auto decimated = toOpen3d(mesh).SimplifyQuadricDecimation(
        int(options_.targetTriangles), std::numeric_limits<double>::infinity(), 1.0);
    cancel.throwIfCancelled();
    decimated->ComputeVertexNormals();  // the merged vertices' normals follow the new surface
    if (options_.removeUnreferencedVertices) decimated->RemoveUnreferencedVertices();
    mesh = fromOpen3d(*decimated);
  }
  report(progress, 1.0, "mesh ready");
  return mesh;
}

}  // namespace ds
