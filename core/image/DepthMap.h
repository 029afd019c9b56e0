#pragma once
// A dense float32 depth map with a per-pixel validity mask and its kind (see DepthKind). Invalid
// pixels (no data, sky, failed stereo match) keep whatever value but must be ignored by consumers.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/image/DepthKind.h"

namespace ds {

class DepthMap {
 public:
  DepthMap() = default;
  // All pixels zero and invalid.
  DepthMap(int width, int height, DepthKind kind);
  // Validity from the values (isDepthValue).
  DepthMap(int width, int height, DepthKind kind, std::vector<float> values);
  DepthMap(int width, int height, DepthKind kind, std::vector<float> values,
           std::vector<uint8_t> valid);

  int width() const { return width_; }
  int height() const { return height_; }
  DepthKind kind() const { return kind_; }
  bool empty() const { return width_ == 0 || height_ == 0; }
  size_t pixelCount() const { return size_t(width_) * size_t(height_); }

  float at(int x, int y) const { return values_[index(x, y)]; }
  float& at(int x, int y) { return values_[index(x, y)]; }
  bool isValid(int x, int y) const { return valid_[index(x, y)] != 0; }
  void setValid(int x, int y, bool v) { valid_[index(x, y)] = v ? 1 : 0; }

  const std::vector<float>& values() const { return values_; }
  std::vector<float>& values() { return values_; }
  const std::vector<uint8_t>& validMask() const { return valid_; }
  std::vector<uint8_t>& validMask() { return valid_; }

  size_t validCount() const;
  // Smallest and largest valid value; {0, 0} when nothing is valid.
  std::pair<float, float> validRange() const;
  // The value at quantile q in [0, 1] of the valid values (nearest rank); 0 when nothing is valid.
  float validQuantile(double q) const;

  // Same values and mask, another kind (for conversions that only relabel).
  DepthMap withKind(DepthKind kind) const;

 private:
  size_t index(int x, int y) const { return size_t(y) * size_t(width_) + size_t(x); }
  int width_ = 0, height_ = 0;
  DepthKind kind_ = DepthKind::RelativeDepth;
  std::vector<float> values_;
  std::vector<uint8_t> valid_;
};

}  // namespace ds
