#include "core/methods/BorderPadding.h"

#include <ATen/ATen.h>

#include <string>

#include "core/util/Error.h"

namespace ds {

BorderPadding::BorderPadding(int pixels) : pixels_(pixels) {
  if (pixels < 0 || pixels > 4096)
    throw Error("border padding must be 0..4096 pixels (got " + std::to_string(pixels) + ")");
}

void BorderPadding::checkFits(int multiple) const {
  if (multiple > 0 && (2 * pixels_) % multiple != 0)
    throw Error("border padding of " + std::to_string(pixels_) +
                " pixels breaks the network's size multiple " + std::to_string(multiple) +
                " (twice the padding must be a multiple of it)");
}

torch::Tensor BorderPadding::pad(const torch::Tensor& image) const {
  if (pixels_ == 0) return image;
  if (image.dim() != 4 || image.size(2) <= pixels_ || image.size(3) <= pixels_)
    throw Error("border padding of " + std::to_string(pixels_) +
                " pixels needs a [N, C, H, W] image larger than that (got " +
                std::to_string(image.dim() == 4 ? image.size(3) : 0) + " x " +
                std::to_string(image.dim() == 4 ? image.size(2) : 0) + ")");
  return at::reflection_pad2d(image, {pixels_, pixels_, pixels_, pixels_});
}

torch::Tensor BorderPadding::crop(const torch::Tensor& output) const {
  if (pixels_ == 0) return output;
  const int64_t h = output.size(-2) - 2 * pixels_, w = output.size(-1) - 2 * pixels_;
  if (h <= 0 || w <= 0)
    throw Error("cannot crop a border of " + std::to_string(pixels_) + " pixels from a " +
                std::to_string(output.size(-1)) + " x " + std::to_string(output.size(-2)) +
                " output");
  return output.narrow(-2, pixels_, h).narrow(-1, pixels_, w).contiguous();
}

}  // namespace ds
