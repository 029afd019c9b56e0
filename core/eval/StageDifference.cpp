#include "core/eval/StageDifference.h"

#include <cmath>
#include <vector>

#include "core/eval/ScaleShiftFit.h"
#include "core/util/Error.h"

namespace ds {

namespace {

// Inverse-depth-like values of a map (depth kinds inverted), with its validity.
std::vector<float> inverseValues(const DepthMap& d, std::vector<uint8_t>& valid) {
  std::vector<float> v(d.pixelCount());
  valid.assign(d.pixelCount(), 0);
  const bool inverse = isInverse(d.kind());
  for (size_t i = 0; i < v.size(); ++i) {
    const float x = d.values()[i];
    const bool ok = d.validMask()[i] && std::isfinite(x) && (inverse || x > 0);
    valid[i] = ok;
    v[i] = ok ? (inverse ? x : 1.0f / x) : 0.0f;
  }
  return v;
}

}  // namespace

StageDifference stageDifference(const DepthMap& reference, const DepthMap& other) {
  if (reference.width() != other.width() || reference.height() != other.height())
    throw Error("stage difference: the maps have different sizes");
  std::vector<uint8_t> vr, vo;
  const std::vector<float> r = inverseValues(reference, vr), o = inverseValues(other, vo);
  std::vector<uint8_t> both(r.size());
  size_t count = 0;
  for (size_t i = 0; i < r.size(); ++i) count += (both[i] = vr[i] && vo[i]);
  if (count == 0) throw Error("stage difference: no pixel is valid in both maps");
  const ScaleShift fit = fitScaleShift(o.data(), r.data(), both.data(), r.size());
  StageDifference out;
  out.scale = fit.scale;
  out.shift = fit.shift;
  std::vector<float> diff(r.size(), 0.0f);
  double sum = 0;
  for (size_t i = 0; i < r.size(); ++i)
    if (both[i]) {
      diff[i] = float(fit.scale * o[i] + fit.shift - r[i]);
      sum += std::abs(diff[i]);
    }
  out.meanAbs = sum / double(count);
  DepthMap ref(reference.width(), reference.height(), DepthKind::RelativeInverseDepth, r, vr);
  out.referenceRange = ref.validQuantile(0.98) - ref.validQuantile(0.02);
  out.difference = DepthMap(reference.width(), reference.height(), DepthKind::RelativeInverseDepth,
                            std::move(diff), std::move(both));
  return out;
}

}  // namespace ds
