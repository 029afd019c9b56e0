#include "core/methods/WorkingResolution.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

WorkingResolution WorkingResolution::forImage(int imageWidth, int imageHeight, int longSide,
                                              int multiple) {
  if (imageWidth <= 0 || imageHeight <= 0)
    throw Error("working resolution: the image is empty (" + std::to_string(imageWidth) + "x" +
                std::to_string(imageHeight) + ")");
  if (multiple < 1) throw Error("working resolution: the size multiple must be positive");
  if (longSide < multiple)
    throw Error("working size " + std::to_string(longSide) + " is smaller than the networks' " +
                "size multiple " + std::to_string(multiple));
  const double scale = double(longSide) / double(std::max(imageWidth, imageHeight));
  auto side = [&](int pixels) {
    const int rounded = int(std::lround(pixels * scale / multiple)) * multiple;
    return std::max(multiple, rounded);
  };
  return {side(imageWidth), side(imageHeight)};
}

}  // namespace ds
