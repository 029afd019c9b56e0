#pragma once
// An RGB(A) or grey image as float32 in [0, 1], interleaved, rows top to bottom. Float keeps 8- and
// 16-bit sources alike for the networks; sourceBitDepth remembers what the file had.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ds {

class Image {
 public:
  Image() = default;
  // channels: 1 (grey), 3 (RGB) or 4 (RGBA). Pixels are zero.
  Image(int width, int height, int channels, int sourceBitDepth = 8);
  Image(int width, int height, int channels, std::vector<float> pixels, int sourceBitDepth = 8);

  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  int sourceBitDepth() const { return sourceBitDepth_; }
  bool empty() const { return width_ == 0 || height_ == 0; }
  size_t pixelCount() const { return size_t(width_) * size_t(height_); }

  float at(int x, int y, int c = 0) const { return pixels_[index(x, y) + c]; }
  float& at(int x, int y, int c = 0) { return pixels_[index(x, y) + c]; }
  const std::vector<float>& pixels() const { return pixels_; }
  std::vector<float>& pixels() { return pixels_; }

  // RGB view: grey is replicated, alpha dropped.
  Image toRgb() const;
  // 8-bit interleaved copy (rounded, clamped), same channel count.
  std::vector<uint8_t> toBytes() const;

 private:
  size_t index(int x, int y) const { return (size_t(y) * size_t(width_) + size_t(x)) * channels_; }
  int width_ = 0, height_ = 0, channels_ = 0, sourceBitDepth_ = 8;
  std::vector<float> pixels_;
};

}  // namespace ds
