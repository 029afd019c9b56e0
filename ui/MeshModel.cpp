#include "ui/MeshModel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/geometry/DepthMesher.h"

namespace ds::ui {

size_t MeshModel::trianglesWithin(float threshold) const {
  return size_t(std::upper_bound(jumps.begin(), jumps.end(), threshold) - jumps.begin());
}

namespace {

MeshModel build(const DepthMap& depth, const Intrinsics& k, const Image& colour, int stride) {
  MeshOptions o;
  o.discontinuityThreshold = std::numeric_limits<float>::infinity();  // culled live instead
  o.stride = std::max(1, stride);
  const TriangleMesh mesh = DepthMesher(o).run(depth, k, colour);
  MeshModel m;
  if (mesh.empty()) return m;
  const size_t n = mesh.vertexCount();
  m.vertices.resize(n * 9);
  double lo[3] = {1e30, 1e30, 1e30}, hi[3] = {-1e30, -1e30, -1e30};
  for (size_t i = 0; i < n; ++i) {
    // Camera frame (y down, z forward) to viewer frame (y up, z towards the viewer).
    const Vec3f& p = mesh.positions[i];
    const float v[3] = {p[0], -p[1], -p[2]};
    const Vec3f nn = mesh.hasNormals() ? mesh.normals[i] : Vec3f{0, 0, -1};
    const Vec3f c = mesh.hasColors() ? mesh.colors[i] : Vec3f{0.7f, 0.7f, 0.7f};
    float* out = &m.vertices[i * 9];
    out[0] = v[0], out[1] = v[1], out[2] = v[2];
    out[3] = nn[0], out[4] = -nn[1], out[5] = -nn[2];
    out[6] = c[0], out[7] = c[1], out[8] = c[2];
    for (int a = 0; a < 3; ++a)
      lo[a] = std::min(lo[a], double(v[a])), hi[a] = std::max(hi[a], double(v[a]));
  }
  m.fromPhotoCamera = true;
  if (k.fy > 0) m.fovYDeg = float(2.0 * std::atan(0.5 * depth.height() / k.fy) * 180.0 / M_PI);
  for (int a = 0; a < 3; ++a)
    m.halfExtent[a] = float(0.5 * (hi[a] - lo[a]));
  // Orbit around the point on the optical axis at the median depth: the view starts at the
  // photo's camera, and a few far outliers (a relative map's near-zero inverse depths) cannot
  // pull the centre sideways.
  std::vector<float> z(n);
  for (size_t i = 0; i < n; ++i)
    z[i] = -m.vertices[i * 9 + 2];
  std::nth_element(z.begin(), z.begin() + long(n / 2), z.end());
  m.centre[2] = -z[n / 2];
  m.radius =
      float(0.5 * std::sqrt((hi[0] - lo[0]) * (hi[0] - lo[0]) + (hi[1] - lo[1]) * (hi[1] - lo[1]) +
                            (hi[2] - lo[2]) * (hi[2] - lo[2])));
  // Per triangle: the relative depth jump between its nearest and farthest vertex.
  const size_t t = mesh.triangleCount();
  std::vector<float> jump(t);
  for (size_t i = 0; i < t; ++i) {
    float zmin = 1e30f, zmax = 0;
    for (uint32_t vi : mesh.triangles[i]) {
      const float z = std::abs(mesh.positions[vi][2]);
      zmin = std::min(zmin, z);
      zmax = std::max(zmax, z);
    }
    jump[i] = zmin > 0 ? zmax / zmin - 1 : 1e30f;
  }
  std::vector<uint32_t> order(t);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return jump[a] < jump[b]; });
  m.indices.reserve(t * 3);
  m.jumps.reserve(t);
  for (uint32_t i : order) {
    m.indices.insert(m.indices.end(), mesh.triangles[i].begin(), mesh.triangles[i].end());
    m.jumps.push_back(jump[i]);
  }
  return m;
}

}  // namespace

MeshModel MeshModel::fromDepth(const DepthMap& depth, const Intrinsics& k, const Image& colour,
                               int stride) {
  MeshModel m = build(depth, k, colour, std::max(1, stride));
  if (m.triangleCount() > kInteractiveTriangles) {
    const double ratio = double(m.triangleCount()) / double(kInteractiveTriangles);
    const int coarseStride = std::max(1, stride) * int(std::ceil(std::sqrt(ratio)));
    m.coarse = std::make_shared<const MeshModel>(build(depth, k, colour, coarseStride));
  }
  return m;
}

}  // namespace ds::ui
