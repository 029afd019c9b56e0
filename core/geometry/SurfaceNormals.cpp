#include "core/geometry/SurfaceNormals.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/geometry/BackProjection.h"
#include "core/util/Error.h"

namespace ds {

namespace {

// neighbourNormals: a neighbour whose depth step is more than this many times the other side's is
// treated as across a discontinuity, and only the other side's difference is used.
constexpr float kJumpRatio = 2.0f;

// gridNormals: the points of a fit must have 1 - corr(a, b)^2 at least this, and a standard
// deviation of at least kMinPixelSpread pixels along each image axis; otherwise they lie (nearly)
// on a line, which leaves the plane free to turn about it. The second test is in pixels because
// a = X/Z carries float rounding that makes collinear points look slightly spread.
constexpr double kMinSpread = 1e-2;
constexpr double kMinPixelSpread = 0.1;

// gridNormals: windows next to a hole or a jump are summed point by point, over at most this many
// samples on each side of the centre per axis (all of them for radii up to it).
constexpr int kEdgeSamplesPerSide = 4;

// Tangent through point c from its neighbours a (before) and b (after) along one image axis.
// Returns false when neither neighbour is usable.
bool tangent(const Vec3f& c, const Vec3f* a, const Vec3f* b, Vec3f& t) {
  if (a && b) {
    const float da = std::fabs(c[2] - (*a)[2]), db = std::fabs((*b)[2] - c[2]);
    const float slack = 1e-6f * std::fabs(c[2]);
    if (da > kJumpRatio * db + slack)
      a = nullptr;
    else if (db > kJumpRatio * da + slack)
      b = nullptr;
  }
  if (a && b)
    t = *b - *a;
  else if (b)
    t = *b - c;
  else if (a)
    t = c - *a;
  else
    return false;
  return true;
}

// Unit normal of valid point (x, y) from its 4 neighbours, towards the camera.
Vec3f neighbourNormalAt(const PointGrid& grid, int x, int y) {
  const auto point = [&](int u, int v) -> const Vec3f* {
    if (u < 0 || v < 0 || u >= grid.width || v >= grid.height || !grid.isValid(u, v))
      return nullptr;
    return &grid.at(u, v);
  };
  const Vec3f& c = grid.at(x, y);
  Vec3f tx, ty, n{0.0f, 0.0f, 0.0f};
  // ty x tx points towards the camera for a surface seen from the front (y down, z forward).
  if (tangent(c, point(x - 1, y), point(x + 1, y), tx) &&
      tangent(c, point(x, y - 1), point(x, y + 1), ty))
    n = cross(ty, tx);
  float len = norm(n);
  if (!(len > 0.0f) || !std::isfinite(len)) {
    n = {-c[0], -c[1], -c[2]};  // no surface to speak of: face the camera
    len = norm(n);
  }
  if (!(len > 0.0f)) return {0.0f, 0.0f, 0.0f};
  if (dot(n, c) > 0.0f) len = -len;  // guard: always towards the camera
  return {n[0] / len, n[1] / len, n[2] / len};
}

// Two depths on different surfaces, or on the same one (the mesher's rule: the step relative to
// the nearer depth). Both are false when either depth is NaN (an invalid point).
bool isJump(float z1, float z2, float threshold) {
  return std::fabs(z1 - z2) > threshold * std::min(z1, z2);
}
bool isSameSurface(float z1, float z2, float threshold) {
  return std::fabs(z1 - z2) <= threshold * std::min(z1, z2);
}

// A point as the fit sees it: ray coordinates a = X/Z, b = Y/Z and inverse depth w = 1/Z; for an
// invalid point z is NaN and the rest 0, so it drops out of sums without a branch.
struct RayPoint {
  float a = 0.0f, b = 0.0f, w = 0.0f, z = 0.0f;
};

// The sums a least-squares fit of w = A a + B b + C needs, over a set of points; `flagged` counts
// the pixels that are holes or touch a jump (used by the running window sums only).
struct PlaneSums {
  double n = 0, a = 0, b = 0, aa = 0, ab = 0, bb = 0, w = 0, aw = 0, bw = 0, flagged = 0;

  void accumulate(const PlaneSums& o, double sign) {
    n += sign * o.n;
    a += sign * o.a;
    b += sign * o.b;
    aa += sign * o.aa;
    ab += sign * o.ab;
    bb += sign * o.bb;
    w += sign * o.w;
    aw += sign * o.aw;
    bw += sign * o.bw;
    flagged += sign * o.flagged;
  }
};

// The change of a = X/Z from one column to the next and of b = Y/Z from one row to the next
// (1/fx and 1/fy for a back-projected grid: a depends on the column only, b on the row), from the
// valid points furthest apart. Infinite when all valid points share a column (row): then no set
// of them spans a plane.
struct RayPitch {
  double a = 0.0, b = 0.0;
};

RayPitch rayPitch(const std::vector<RayPoint>& points, const PointGrid& grid) {
  int x0 = grid.width, x1 = -1, y0 = grid.height, y1 = -1;
  float a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      if (!grid.isValid(x, y)) continue;
      const RayPoint& p = points[grid.index(x, y)];
      if (x < x0) {
        x0 = x;
        a0 = p.a;
      }
      if (x > x1) {
        x1 = x;
        a1 = p.a;
      }
      if (y < y0) {
        y0 = y;
        b0 = p.b;
      }
      if (y > y1) {
        y1 = y;
        b1 = p.b;
      }
    }
  const double inf = std::numeric_limits<double>::infinity();
  return {x1 > x0 ? std::fabs(double(a1) - a0) / (x1 - x0) : inf,
          y1 > y0 ? std::fabs(double(b1) - b0) / (y1 - y0) : inf};
}

// Normal of the least-squares plane through points given relative to (a0, b0, w0), towards the
// camera. False when the points do not span a plane.
bool fitNormal(const PlaneSums& s, double a0, double b0, double w0, const RayPitch& pitch,
               Vec3f& normal) {
  if (s.n < 3.0) return false;
  const double invN = 1.0 / s.n;
  const double ma = s.a * invN, mb = s.b * invN, mw = s.w * invN;
  const double saa = s.aa - s.a * ma, sab = s.ab - s.a * mb, sbb = s.bb - s.b * mb;
  const double saw = s.aw - s.a * mw, sbw = s.bw - s.b * mw;
  const double det = saa * sbb - sab * sab;
  const double minA = s.n * kMinPixelSpread * kMinPixelSpread * pitch.a * pitch.a;
  const double minB = s.n * kMinPixelSpread * kMinPixelSpread * pitch.b * pitch.b;
  if (!(saa > minA && sbb > minB && det > kMinSpread * saa * sbb)) return false;
  const double invDet = 1.0 / det;
  const double A = (sbb * saw - sab * sbw) * invDet, B = (saa * sbw - sab * saw) * invDet;
  const double C = (mw + w0) - A * (ma + a0) - B * (mb + b0);
  // (A, B, C) = n / d with n . P = d; it points away from the camera (A a + B b + C = 1/Z > 0).
  const double lenSquared = A * A + B * B + C * C;
  if (!(lenSquared > 0.0) || !std::isfinite(lenSquared)) return false;
  const double scale = -1.0 / std::sqrt(lenSquared);
  normal = {float(A * scale), float(B * scale), float(C * scale)};
  return true;
}

// Window offsets -r..r for the point-by-point sums: every one up to kEdgeSamplesPerSide, else
// that many spread evenly to +-r (the same plane, from fewer points, at a bounded cost).
std::vector<int> sampleOffsets(int r) {
  const int k = std::min(r, kEdgeSamplesPerSide);
  std::vector<int> offsets;
  for (int i = -k; i <= k; ++i)
    offsets.push_back(int(std::lround(double(i) * r / k)));
  return offsets;
}

// Sums over the sampled window points on the centre's side of every jump, relative to the centre.
// Floats suffice: the offsets are small and there are at most (2 kEdgeSamplesPerSide + 1)^2.
PlaneSums sameSurfaceSums(const std::vector<RayPoint>& points, int width, int height, int x, int y,
                          const std::vector<int>& offsets, float threshold) {
  const RayPoint c = points[size_t(y) * size_t(width) + size_t(x)];
  const int last = int(offsets.size()) - 1;
  int u0 = 0, u1 = last, v0 = 0, v1 = last;
  while (x + offsets[u0] < 0)
    ++u0;
  while (x + offsets[u1] >= width)
    --u1;
  while (y + offsets[v0] < 0)
    ++v0;
  while (y + offsets[v1] >= height)
    --v1;
  // Lanes (da, db, dw, 1) times 1, da and db give every sum (three 4-wide multiply-adds).
  float s1[4] = {0, 0, 0, 0}, sa[4] = {0, 0, 0, 0}, sb[4] = {0, 0, 0, 0};
  for (int j = v0; j <= v1; ++j) {
    const RayPoint* row = &points[size_t(y + offsets[j]) * size_t(width) + size_t(x)];
    for (int i = u0; i <= u1; ++i) {
      const RayPoint& q = row[offsets[i]];
      const float m = isSameSurface(c.z, q.z, threshold) ? 1.0f : 0.0f;
      const float d[4] = {m * (q.a - c.a), m * (q.b - c.b), m * (q.w - c.w), m};
      for (int k = 0; k < 4; ++k) {
        s1[k] += d[k];
        sa[k] += d[k] * d[0];
        sb[k] += d[k] * d[1];
      }
    }
  }
  PlaneSums s;
  s.n = s1[3];
  s.a = s1[0];
  s.b = s1[1];
  s.w = s1[2];
  s.aa = sa[0];
  s.ab = sa[1];
  s.aw = sa[2];
  s.bb = sb[1];
  s.bw = sb[2];
  return s;
}

}  // namespace

std::vector<Vec3f> gridNormals(const PointGrid& grid, const NormalOptions& options) {
  options.check();
  std::vector<Vec3f> normals(grid.positions.size(), Vec3f{0.0f, 0.0f, 0.0f});
  if (grid.empty()) return normals;
  const int width = grid.width, height = grid.height;
  const int r = options.radiusFor(width, height);
  const float threshold = options.discontinuityThreshold;
  const std::vector<int> offsets = sampleOffsets(r);

  std::vector<RayPoint> points(grid.positions.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const Vec3f& p = grid.positions[i];
    if (!grid.valid[i]) {
      points[i].z = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    const float w = 1.0f / p[2];
    points[i] = {p[0] * w, p[1] * w, w, p[2]};
  }
  std::vector<uint8_t> flagged(grid.valid.size());  // a hole, or next to a jump
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = grid.index(x, y);
      if (!grid.valid[i]) {
        flagged[i] = 1;
        continue;
      }
      const float z = points[i].z;
      if (x + 1 < width && isJump(z, points[i + 1].z, threshold)) flagged[i] = flagged[i + 1] = 1;
      if (y + 1 < height && isJump(z, points[i + width].z, threshold))
        flagged[i] = flagged[i + width] = 1;
    }

  const RayPitch pitch = rayPitch(points, grid);

  // Running sums over the window rows [y - r, y + r] per column, then along the row.
  std::vector<PlaneSums> columns(width), prefix(width + 1);
  const auto addRow = [&](int v, double sign) {
    if (v < 0 || v >= height) return;
    for (int u = 0; u < width; ++u) {
      const size_t i = grid.index(u, v);
      PlaneSums& c = columns[u];
      c.flagged += sign * flagged[i];
      if (!grid.valid[i]) continue;
      const double a = points[i].a, b = points[i].b, w = points[i].w;
      c.n += sign;
      c.a += sign * a;
      c.b += sign * b;
      c.aa += sign * a * a;
      c.ab += sign * a * b;
      c.bb += sign * b * b;
      c.w += sign * w;
      c.aw += sign * a * w;
      c.bw += sign * b * w;
    }
  };
  for (int v = 0; v < r; ++v)
    addRow(v, 1.0);
  for (int y = 0; y < height; ++y) {
    addRow(y + r, 1.0);
    addRow(y - r - 1, -1.0);
    for (int x = 0; x < width; ++x) {
      prefix[x + 1] = prefix[x];
      prefix[x + 1].accumulate(columns[x], 1.0);
    }
    for (int x = 0; x < width; ++x) {
      const size_t i = grid.index(x, y);
      if (!grid.valid[i]) continue;
      PlaneSums window = prefix[std::min(x + r, width - 1) + 1];
      window.accumulate(prefix[std::max(x - r, 0)], -1.0);
      Vec3f n;
      const RayPoint& c = points[i];
      // Counts are whole numbers, exact in a double: 0 flagged = no hole and no jump.
      const bool fitted =
          window.flagged == 0.0
              ? fitNormal(window, 0.0, 0.0, 0.0, pitch, n)
              : fitNormal(sameSurfaceSums(points, width, height, x, y, offsets, threshold), c.a,
                          c.b, c.w, pitch, n);
      if (!fitted) n = neighbourNormalAt(grid, x, y);
      if (dot(n, grid.positions[i]) > 0.0f) n = {-n[0], -n[1], -n[2]};  // towards the camera
      normals[i] = n;
    }
  }
  return normals;
}

std::vector<Vec3f> neighbourNormals(const PointGrid& grid) {
  std::vector<Vec3f> normals(grid.positions.size(), Vec3f{0.0f, 0.0f, 0.0f});
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x)
      if (grid.isValid(x, y)) normals[grid.index(x, y)] = neighbourNormalAt(grid, x, y);
  return normals;
}

Image normalMapImage(const PointGrid& grid, const std::vector<Vec3f>& normals) {
  if (normals.size() != grid.positions.size())
    throw Error("normal map: " + std::to_string(normals.size()) + " normals for a " +
                std::to_string(grid.width) + "x" + std::to_string(grid.height) + " grid");
  Image image(grid.width, grid.height, 3);
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      if (!grid.isValid(x, y)) continue;
      const Vec3f& n = normals[grid.index(x, y)];
      image.at(x, y, 0) = 0.5f * (n[0] + 1.0f);
      image.at(x, y, 1) = 0.5f * (-n[1] + 1.0f);
      image.at(x, y, 2) = 0.5f * (-n[2] + 1.0f);
    }
  return image;
}

Image normalMap(const DepthMap& depth, const Intrinsics& intrinsics,
                const GeometryDepthOptions& options, const NormalOptions& normals) {
  normals.check();
  const PointGrid grid = backProject(depth, intrinsics, options);
  return normalMapImage(grid, gridNormals(grid, normals));
}

}  // namespace ds
