#include "core/image/DepthMap.h"

#include <algorithm>
#include <cmath>

#include "core/util/Error.h"

namespace ds {

DepthMap::DepthMap(int width, int height, DepthKind kind)
    : width_(width),
      height_(height),
      kind_(kind),
      values_(size_t(std::max(width, 0)) * size_t(std::max(height, 0)), 0.0f),
      valid_(values_.size(), 0) {}

DepthMap::DepthMap(int width, int height, DepthKind kind, std::vector<float> values)
    : width_(width), height_(height), kind_(kind), values_(std::move(values)) {
  if (values_.size() != size_t(width) * size_t(height))
    throw Error("depth buffer size does not match its dimensions");
  valid_.resize(values_.size());
  for (size_t i = 0; i < values_.size(); ++i)
    valid_[i] = isDepthValue(kind, values_[i]);
}

DepthMap::DepthMap(int width, int height, DepthKind kind, std::vector<float> values,
                   std::vector<uint8_t> valid)
    : width_(width),
      height_(height),
      kind_(kind),
      values_(std::move(values)),
      valid_(std::move(valid)) {
  if (values_.size() != size_t(width) * size_t(height) || valid_.size() != values_.size())
    throw Error("depth or mask buffer size does not match its dimensions");
  for (size_t i = 0; i < values_.size(); ++i)
    if (!std::isfinite(values_[i])) valid_[i] = 0;  // a NaN is never usable
}

size_t DepthMap::validCount() const {
  return size_t(std::count_if(valid_.begin(), valid_.end(), [](uint8_t v) { return v != 0; }));
}

std::pair<float, float> DepthMap::validRange() const {
  bool any = false;
  float lo = 0, hi = 0;
  for (size_t i = 0; i < values_.size(); ++i) {
    if (!valid_[i]) continue;
    if (!any) {
      lo = hi = values_[i];
      any = true;
    } else {
      lo = std::min(lo, values_[i]);
      hi = std::max(hi, values_[i]);
    }
  }
  return {lo, hi};
}

float DepthMap::validQuantile(double q) const {
  std::vector<float> v;
  v.reserve(values_.size());
  for (size_t i = 0; i < values_.size(); ++i)
    if (valid_[i]) v.push_back(values_[i]);
  if (v.empty()) return 0.0f;
  const size_t k = size_t(std::clamp(q, 0.0, 1.0) * double(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + long(k), v.end());
  return v[k];
}

DepthMap DepthMap::withKind(DepthKind kind) const {
  DepthMap out = *this;
  out.kind_ = kind;
  return out;
}

}  // namespace ds
