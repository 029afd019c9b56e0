#pragma once
// Depth back-projected pixel by pixel: one camera-frame point per pixel (row-major, rows top to
// bottom) with the pixel's validity. Keeping the image grid is what lets normals use pixel
// neighbours and the mesher connect neighbouring pixels without a search.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/geometry/Vec3f.h"

namespace ds {

struct PointGrid {
  int width = 0, height = 0;
  std::vector<Vec3f> positions;  // width * height; (0, 0, 0) where invalid
  std::vector<uint8_t> valid;    // width * height

  size_t index(int x, int y) const { return size_t(y) * size_t(width) + size_t(x); }
  const Vec3f& at(int x, int y) const { return positions[index(x, y)]; }
  bool isValid(int x, int y) const { return valid[index(x, y)] != 0; }
  bool empty() const { return width == 0 || height == 0; }
};

}  // namespace ds
