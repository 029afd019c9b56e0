#include "core/pipeline/PipelineInput.h"

#include <cmath>

#include "core/image/ImageIo.h"
#include "core/image/StereoPair.h"
#include "core/util/Error.h"

namespace ds {

PipelineInput PipelineInput::fromFiles(const std::filesystem::path& image,
                                       const std::filesystem::path& right, double focalPx,
                                       double baselineM) {
  if (!(focalPx >= 0.0) || !std::isfinite(focalPx))
    throw Error("focal length must be a positive number of pixels, not " + std::to_string(focalPx));
  if (!(baselineM >= 0.0) || !std::isfinite(baselineM))
    throw Error("baseline must be a positive number of metres, not " + std::to_string(baselineM));
  PipelineInput in;
  in.image = readImage(image);
  in.imagePath = image;
  if (!right.empty()) {
    in.right = readImage(right);
    in.rightPath = right;
  }
  if (focalPx > 0.0) {
    Intrinsics k = Intrinsics::fromHorizontalFov(in.image.width(), in.image.height());
    k.fx = k.fy = focalPx;
    in.intrinsics = k;
  }
  in.baselineM = baselineM;
  in.check();
  return in;
}

void PipelineInput::check() const {
  if (image.empty())
    throw Error::file(imagePath.empty() ? "input" : imagePath, "the image is empty");
  if (hasStereo()) {
    StereoPair pair{image, right};
    try {
      pair.check();
    } catch (const Error& e) {
      throw Error("'" + imagePath.string() + "' and '" + rightPath.string() + "': " + e.what());
    }
  }
  if (baselineM < 0.0) throw Error("baseline must not be negative");
  if (intrinsics) {
    intrinsics->check();
    if (intrinsics->width != image.width() || intrinsics->height != image.height())
      throw Error("intrinsics are for a " + std::to_string(intrinsics->width) + "x" +
                  std::to_string(intrinsics->height) + " image, the input is " +
                  std::to_string(image.width()) + "x" + std::to_string(image.height()));
  }
}

}  // namespace ds
