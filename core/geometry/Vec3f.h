#pragma once
// The 3-vector of the geometry types: a plain std::array<float, 3>, so a std::vector<Vec3f> is one
// tightly packed float buffer that the 3D view can hand to glBufferData as it is.
#include <array>
#include <cmath>

namespace ds {

using Vec3f = std::array<float, 3>;
static_assert(sizeof(Vec3f) == 3 * sizeof(float), "Vec3f must be tightly packed for GL upload");

inline Vec3f operator-(const Vec3f& a, const Vec3f& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline Vec3f cross(const Vec3f& a, const Vec3f& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline float dot(const Vec3f& a, const Vec3f& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
inline float norm(const Vec3f& a) {
  return std::sqrt(dot(a, a));
}

}  // namespace ds
