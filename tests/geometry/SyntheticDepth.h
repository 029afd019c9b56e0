#pragma once
// Synthetic depth maps with known geometry for the geometry tests.
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "core/geometry/Vec3f.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"

namespace ds::test {

inline Intrinsics pinhole(int width, int height, double f = 100.0) {
  Intrinsics k;
  k.width = width;
  k.height = height;
  k.fx = k.fy = f;
  k.cx = 0.5 * (width - 1);
  k.cy = 0.5 * (height - 1);
  return k;
}

inline DepthMap depthFrom(int width, int height, const std::function<float(int, int)>& z,
                          DepthKind kind = DepthKind::MetricDepth) {
  std::vector<float> v(size_t(width) * size_t(height));
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      v[size_t(y) * size_t(width) + size_t(x)] = z(x, y);
  return DepthMap(width, height, kind, std::move(v));
}

// Depth of the plane n . P = d seen through pinhole k: Z = d / (n . ray).
inline DepthMap planeDepth(const Intrinsics& k, const Vec3f& n, float d) {
  return depthFrom(k.width, k.height, [&](int u, int v) {
    const Vec3f ray{float((u - k.cx) / k.fx), float((v - k.cy) / k.fy), 1.0f};
    return d / dot(n, ray);
  });
}

// Depth of a sphere (centre c, radius r, in front of the camera) with a background plane at Z =
// background where the rays miss it: the nearer intersection, Z = t for the ray (a, b, 1).
inline DepthMap sphereDepth(const Intrinsics& k, const Vec3f& c, float r, float background) {
  return depthFrom(k.width, k.height, [&](int u, int v) {
    const Vec3f d{float((u - k.cx) / k.fx), float((v - k.cy) / k.fy), 1.0f};
    const float dc = dot(d, c), dd = dot(d, d);
    const float disc = dc * dc - dd * (dot(c, c) - r * r);
    return disc < 0.0f ? background : (dc - std::sqrt(disc)) / dd;
  });
}

// Multiplies every depth by (1 + N(0, relativeSigma)), like a sensor or stereo matcher whose
// error grows with depth. Seeded, so a test sees the same noise every run.
inline void addRelativeNoise(DepthMap& depth, float relativeSigma, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, relativeSigma);
  for (float& z : depth.values())
    z *= 1.0f + noise(rng);
}

// A smooth ramp: neighbouring pixels differ by 0.5 % in depth, far below the 5 % threshold.
inline DepthMap rampDepth(int width, int height) {
  return depthFrom(width, height, [](int x, int y) { return 2.0f + 0.01f * x + 0.005f * y; });
}

// A colour gradient so every pixel's colour is distinct.
inline Image gradientImage(int width, int height) {
  Image img(width, height, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      img.at(x, y, 0) = float(x) / float(std::max(width - 1, 1));
      img.at(x, y, 1) = float(y) / float(std::max(height - 1, 1));
      img.at(x, y, 2) = 0.25f + 0.5f * float((x + y) % 2);
    }
  return img;
}

inline float angleDeg(const Vec3f& a, const Vec3f& b) {
  const float c = dot(a, b) / (norm(a) * norm(b));
  return float(std::acos(std::min(1.0f, std::max(-1.0f, c))) * 180.0 / M_PI);
}

}  // namespace ds::test
