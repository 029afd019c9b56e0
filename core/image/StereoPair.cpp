#include "core/image/StereoPair.h"

#include "core/util/Error.h"

namespace ds {

void StereoPair::check() const {
  if (left.empty()) throw Error("stereo pair: the left image is empty");
  if (right.empty()) throw Error("stereo pair: the right image is empty");
  if (left.width() != right.width() || left.height() != right.height())
    throw Error("stereo pair: the images differ in size (left " + std::to_string(left.width()) +
                "x" + std::to_string(left.height()) + ", right " + std::to_string(right.width()) +
                "x" + std::to_string(right.height()) + "); a rectified pair has one size");
  if (focalPx < 0 || baselineM < 0)
    throw Error("stereo pair: focal length and baseline must not be negative");
}

}  // namespace ds
