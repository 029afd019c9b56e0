#include "core/image/Intrinsics.h"

#include <cmath>

#include "core/util/Error.h"

namespace ds {

Intrinsics Intrinsics::fromHorizontalFov(int width, int height, double horizontalFovDeg) {
  if (width <= 0 || height <= 0) throw Error("intrinsics need a positive image size");
  if (!(horizontalFovDeg > 1.0 && horizontalFovDeg < 179.0))
    throw Error("field of view must be between 1 and 179 degrees, not " +
                std::to_string(horizontalFovDeg));
  Intrinsics k;
  k.width = width;
  k.height = height;
  k.fx = k.fy = 0.5 * width / std::tan(0.5 * horizontalFovDeg * M_PI / 180.0);
  k.cx = 0.5 * (width - 1);
  k.cy = 0.5 * (height - 1);
  return k;
}

Intrinsics Intrinsics::scaledTo(int newWidth, int newHeight) const {
  check();
  const double sx = double(newWidth) / width, sy = double(newHeight) / height;
  Intrinsics k = *this;
  k.width = newWidth;
  k.height = newHeight;
  k.fx = fx * sx;
  k.fy = fy * sy;
  k.cx = (cx + 0.5) * sx - 0.5;
  k.cy = (cy + 0.5) * sy - 0.5;
  return k;
}

double Intrinsics::horizontalFovDeg() const {
  return 2.0 * std::atan(0.5 * width / fx) * 180.0 / M_PI;
}

bool Intrinsics::valid() const {
  return width > 0 && height > 0 && fx > 0 && fy > 0 && std::isfinite(fx) && std::isfinite(fy) &&
         std::isfinite(cx) && std::isfinite(cy);
}

void Intrinsics::check() const {
  if (width <= 0 || height <= 0)
    throw Error("intrinsics: image size " + std::to_string(width) + "x" + std::to_string(height) +
                " is not positive");
  if (!(fx > 0 && fy > 0 && std::isfinite(fx) && std::isfinite(fy)))
    throw Error("intrinsics: focal lengths must be positive (fx=" + std::to_string(fx) +
                ", fy=" + std::to_string(fy) + ")");
  if (!std::isfinite(cx) || !std::isfinite(cy))
    throw Error("intrinsics: principal point is not finite");
}

}  // namespace ds
