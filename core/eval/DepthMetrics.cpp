#include "core/eval/DepthMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/util/Error.h"

namespace ds {
namespace {

DepthMetrics noPixels() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  DepthMetrics m;
  m.absRel = m.sqRel = m.rmse = m.rmseLog = m.log10 = nan;
  m.delta1 = m.delta2 = m.delta3 = nan;
  m.count = 0;
  return m;
}

}  // namespace

DepthMetrics computeMetrics(const DepthMap& pred, const DepthMap& gt,
                            const std::vector<uint8_t>* evalMask) {
  if (pred.width() != gt.width() || pred.height() != gt.height())
    throw Error("metrics: prediction is " + std::to_string(pred.width()) + "x" +
                std::to_string(pred.height()) + " but ground truth is " +
                std::to_string(gt.width()) + "x" + std::to_string(gt.height()));
  if (evalMask && evalMask->size() != gt.pixelCount())
    throw Error("metrics: evaluation mask size does not match the ground truth");

  const auto& p = pred.values();
  const auto& g = gt.values();
  const auto& pv = pred.validMask();
  const auto& gv = gt.validMask();
  // Sums in double: a frame has up to millions of pixels.
  double absRel = 0, sqRel = 0, sq = 0, sqLog = 0, log10 = 0;
  size_t n = 0, d1 = 0, d2 = 0, d3 = 0;
  size_t truth = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    if (!gv[i] || (evalMask && !(*evalMask)[i])) continue;
    const double d = p[i], t = g[i];
    if (!(t > 0) || !std::isfinite(t)) continue;
    ++truth;
    if (!pv[i] || !(d > 0) || !std::isfinite(d)) continue;
    const double diff = d - t;
    absRel += std::abs(diff) / t;
    sqRel += diff * diff / t;
    sq += diff * diff;
    const double lnRatio = std::log(d) - std::log(t);
    sqLog += lnRatio * lnRatio;
    log10 += std::abs(std::log10(d) - std::log10(t));
    const double ratio = std::max(d / t, t / d);
    d1 += ratio < 1.25;
    d2 += ratio < 1.25 * 1.25;
    d3 += ratio < 1.25 * 1.25 * 1.25;
    ++n;
  }
  if (n == 0) {
    DepthMetrics none = noPixels();
    none.truthPixels = truth;
    return none;
  }
  const double inv = 1.0 / double(n);
  DepthMetrics m;
  m.truthPixels = truth;
  m.absRel = absRel * inv;
  m.sqRel = sqRel * inv;
  m.rmse = std::sqrt(sq * inv);
  m.rmseLog = std::sqrt(sqLog * inv);
  m.log10 = log10 * inv;
  m.delta1 = double(d1) * inv;
  m.delta2 = double(d2) * inv;
  m.delta3 = double(d3) * inv;
  m.count = n;
  return m;
}

DepthMetrics meanOfFrames(const std::vector<DepthMetrics>& perFrame) {
  DepthMetrics sum;
  size_t frames = 0;
  for (const auto& m : perFrame) {
    sum.truthPixels += m.truthPixels;  // frames with nothing scored still had ground truth
    if (m.count == 0) continue;
    sum.absRel += m.absRel;
    sum.sqRel += m.sqRel;
    sum.rmse += m.rmse;
    sum.rmseLog += m.rmseLog;
    sum.log10 += m.log10;
    sum.delta1 += m.delta1;
    sum.delta2 += m.delta2;
    sum.delta3 += m.delta3;
    sum.count += m.count;
    ++frames;
  }
  if (frames == 0) {
    DepthMetrics none = noPixels();
    none.truthPixels = sum.truthPixels;
    return none;
  }
  const double inv = 1.0 / double(frames);
  for (double* v : {&sum.absRel, &sum.sqRel, &sum.rmse, &sum.rmseLog, &sum.log10, &sum.delta1,
                    &sum.delta2, &sum.delta3})
    *v *= inv;
  return sum;
}

}  // namespace ds
