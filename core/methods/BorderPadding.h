#pragma once
// Reflection padding around a network's input, cropped off its output. A fully convolutional
// network trained on crops meets the zero padding of its convolutions at every image border and
// answers with a band of wrong (too near) depth there; mirroring the image outwards first moves
// that band outside the crop. The amount is a property of a trained base network, chosen on the
// validation split and recorded in its card (input.border_padding).
#include <torch/types.h>

namespace ds {

class BorderPadding {
 public:
  // pixels >= 0 at the working resolution; ds::Error otherwise.
  explicit BorderPadding(int pixels = 0);

  int pixels() const { return pixels_; }
  // ds::Error unless both padded sides stay multiples of `multiple` (a network's stride) for
  // inputs that are: 2 * pixels must be a multiple of it.
  void checkFits(int multiple) const;
  // image [N, C, H, W] -> [N, C, H + 2p, W + 2p], mirrored at the borders; ds::Error when the
  // image is not larger than the padding (a mirror cannot reach that far).
  torch::Tensor pad(const torch::Tensor& image) const;
  // A full-resolution output of the padded input back to the image's frame: [.., H, W].
  torch::Tensor crop(const torch::Tensor& output) const;

 private:
  int pixels_ = 0;
};

}  // namespace ds
