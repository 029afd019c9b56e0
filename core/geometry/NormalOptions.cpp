#include "core/geometry/NormalOptions.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

int NormalOptions::radiusFor(int width, int height) const {
  if (radius > 0) return radius;
  const double automatic = std::round(double(std::min(width, height)) / kAutoRadiusDivisor);
  return std::clamp(int(automatic), 1, kMaxRadius);
}

void NormalOptions::check() const {
  if (radius < 0 || radius > kMaxRadius)
    throw Error("normals: radius must be 0 (automatic) to " + std::to_string(kMaxRadius) +
                " pixels, not " + std::to_string(radius));
  if (std::isnan(discontinuityThreshold) || !(discontinuityThreshold > 0.0f))
    throw Error(
        "normals: discontinuityThreshold must be positive (a fraction of depth, e.g. 0.05), not " +
        std::to_string(discontinuityThreshold));
}

}  // namespace ds
