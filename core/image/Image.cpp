#include "core/image/Image.h"

#include <algorithm>
#include <cmath>

#include "core/util/Error.h"

namespace ds {

Image::Image(int width, int height, int channels, int sourceBitDepth)
    : Image(width, height, channels,
            std::vector<float>(size_t(std::max(width, 0)) * size_t(std::max(height, 0)) *
                               size_t(std::max(channels, 0))),
            sourceBitDepth) {}

Image::Image(int width, int height, int channels, std::vector<float> pixels, int sourceBitDepth)
    : width_(width),
      height_(height),
      channels_(channels),
      sourceBitDepth_(sourceBitDepth),
      pixels_(std::move(pixels)) {
  if (width < 0 || height < 0) throw Error("image size must not be negative");
  if (channels != 1 && channels != 3 && channels != 4)
    throw Error("an image has 1, 3 or 4 channels, not " + std::to_string(channels));
  if (pixels_.size() != size_t(width) * size_t(height) * size_t(channels))
    throw Error("image buffer size does not match its dimensions");
}

Image Image::toRgb() const {
  if (channels_ == 3) return *this;
  Image out(width_, height_, 3, sourceBitDepth_);
  const size_t n = pixelCount();
  for (size_t i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c)
      out.pixels_[i * 3 + c] = pixels_[i * channels_ + (channels_ == 1 ? 0 : c)];
  return out;
}

std::vector<uint8_t> Image::toBytes() const {
  std::vector<uint8_t> out(pixels_.size());
  std::transform(pixels_.begin(), pixels_.end(), out.begin(),
                 [](float v) { return uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); });
  return out;
}

}  // namespace ds
