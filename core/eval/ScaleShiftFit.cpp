#include "core/eval/ScaleShiftFit.h"

#include <cmath>

namespace ds {

ScaleShift fitScaleShift(const float* p, const float* t, const uint8_t* mask, size_t count,
                         const float* weights, bool requirePositiveScale) {
  // Accumulate in double, centred on the first sample to keep the normal equations well
  // conditioned for large depth values.
  double sw = 0, sp = 0, st = 0, spp = 0, spt = 0;
  size_t n = 0;
  double p0 = 0, t0 = 0;
  bool haveRef = false;
  for (size_t i = 0; i < count; ++i) {
    if (mask && !mask[i]) continue;
    const double w = weights ? double(weights[i]) : 1.0;
    if (!(w > 0) || !std::isfinite(p[i]) || !std::isfinite(t[i])) continue;
    if (!haveRef) {
      p0 = p[i];
      t0 = t[i];
      haveRef = true;
    }
    const double dp = p[i] - p0, dt = t[i] - t0;
    sw += w;
    sp += w * dp;
    st += w * dt;
    spp += w * dp * dp;
    spt += w * dp * dt;
    ++n;
  }
  ScaleShift fit;
  fit.samples = n;
  if (n == 0) {
    fit.scale = 0.0;
    fit.shift = 0.0;
    fit.degenerate = true;
    return fit;
  }
  const double meanP = sp / sw, meanT = st / sw;
  const double varP = spp / sw - meanP * meanP;
  const double cov = spt / sw - meanP * meanT;
  if (n < 2 || !(varP > 1e-12 * (1.0 + meanP * meanP)) || (requirePositiveScale && !(cov > 0.0))) {
    fit.scale = 0.0;
    fit.shift = t0 + meanT;
    fit.degenerate = true;
    return fit;
  }
  fit.scale = cov / varP;
  // shift in original coordinates: t = s (p - p0) + b' + t0  ->  b = b' + t0 - s p0
  fit.shift = (meanT - fit.scale * meanP) + t0 - fit.scale * p0;
  return fit;
}

}  // namespace ds
