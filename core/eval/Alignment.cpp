#include "core/eval/Alignment.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/eval/ScaleShiftFit.h"
#include "core/util/Error.h"

namespace ds {
namespace {

constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// The prediction's values in depth space (inverseSpace = false) or inverse-depth space; NaN where
// the value has no counterpart there (1/p of p <= 0).
std::vector<float> valuesInSpace(const DepthMap& p, bool inverseSpace) {
  std::vector<float> x = p.values();
  if (isInverse(p.kind()) == inverseSpace) return x;
  for (float& v : x)
    v = v > 0.0f ? 1.0f / v : kNoValue;
  return x;
}

double median(std::vector<float> v) {
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + long(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), v.begin() + long(mid)));
  return m;
}

}  // namespace

std::string toString(Alignment alignment) {
  switch (alignment) {
    case Alignment::Auto:
      return "auto";
    case Alignment::None:
      return "none";
    case Alignment::Median:
      return "median";
    case Alignment::LeastSquaresDepth:
      return "lsq_depth";
    case Alignment::LeastSquaresInverseDepth:
      return "lsq_inverse_depth";
  }
  return "auto";
}

std::optional<Alignment> parseAlignment(const std::string& name) {
  for (Alignment a : {Alignment::Auto, Alignment::None, Alignment::Median,
                      Alignment::LeastSquaresDepth, Alignment::LeastSquaresInverseDepth})
    if (toString(a) == name) return a;
  return std::nullopt;
}

Alignment defaultAlignmentFor(DepthKind kind) {
  switch (kind) {
    case DepthKind::MetricDepth:
      return Alignment::None;
    case DepthKind::RelativeDepth:
      return Alignment::LeastSquaresDepth;
    case DepthKind::RelativeInverseDepth:
      return Alignment::LeastSquaresInverseDepth;
  }
  return Alignment::None;
}

AlignmentResult align(const DepthMap& prediction, const DepthMap& gt,
                      const std::vector<uint8_t>* mask, Alignment alignment,
                      double farDepthMetres) {
  if (prediction.width() != gt.width() || prediction.height() != gt.height())
    throw Error("alignment: prediction is " + std::to_string(prediction.width()) + "x" +
                std::to_string(prediction.height()) + " but ground truth is " +
                std::to_string(gt.width()) + "x" + std::to_string(gt.height()));
  if (mask && mask->size() != gt.pixelCount())
    throw Error("alignment: mask size does not match the ground truth");

  AlignmentResult r;
  r.alignment = alignment == Alignment::Auto ? defaultAlignmentFor(prediction.kind()) : alignment;
  const bool inverseSpace = r.alignment == Alignment::LeastSquaresInverseDepth;
  const std::vector<float> x = valuesInSpace(prediction, inverseSpace);
  const auto& g = gt.values();

  // Pixels that may enter a fit: a value in the alignment's space and positive ground truth.
  std::vector<uint8_t> fitMask(g.size(), 0);
  float gtMax = 0.0f;
  for (size_t i = 0; i < g.size(); ++i) {
    fitMask[i] = prediction.validMask()[i] && gt.validMask()[i] && (!mask || (*mask)[i]) &&
                 std::isfinite(x[i]) && g[i] > 0.0f;
    if (fitMask[i]) gtMax = std::max(gtMax, g[i]);
  }
  const float far = float(farDepthMetres > 0 ? farDepthMetres : (gtMax > 0 ? gtMax : 1.0f));

  std::vector<float> out(x.size());
  auto fill = [&](auto toDepth) {
    for (size_t i = 0; i < x.size(); ++i)
      out[i] = std::isfinite(x[i]) ? toDepth(x[i]) : far;
  };
  auto fillConstant = [&](float depth) { std::fill(out.begin(), out.end(), depth); };

  switch (r.alignment) {
    case Alignment::Auto:  // resolved above
    case Alignment::None:
      fill([](float v) { return v; });
      break;
    case Alignment::Median: {
      std::vector<float> xs, gs;
      for (size_t i = 0; i < g.size(); ++i)
        if (fitMask[i]) {
          xs.push_back(x[i]);
          gs.push_back(g[i]);
        }
      const double medP = xs.empty() ? 0.0 : median(xs);
      const double medG = gs.empty() ? 0.0 : median(gs);
      if (!(medP > 0)) {  // no pixels, or a median that would flip or zero the map
        r.scale = 0.0;
        r.shift = medG;
        r.degenerate = true;
        fillConstant(gs.empty() ? far : float(medG));
      } else {
        r.scale = medG / medP;
        r.shift = 0.0;
        fill([s = r.scale](float v) { return float(s * v); });
      }
      break;
    }
    case Alignment::LeastSquaresDepth:
    case Alignment::LeastSquaresInverseDepth: {
      std::vector<float> target(g.size());
      for (size_t i = 0; i < g.size(); ++i)
        target[i] = inverseSpace ? (g[i] > 0.0f ? 1.0f / g[i] : 0.0f) : g[i];
      const ScaleShift fit = fitScaleShift(x.data(), target.data(), fitMask.data(), x.size());
      r.scale = fit.scale;
      r.shift = fit.shift;
      r.degenerate = fit.degenerate;
      const double s = fit.scale, b = fit.shift;
      if (!inverseSpace) {
        if (fit.samples == 0)
          fillConstant(far);
        else if (fit.degenerate)
          fillConstant(float(b));
        else
          fill([s, b](float v) { return float(s * v + b); });
      } else {
        const double minInverse = 1.0 / far;
        auto toDepth = [far, minInverse](double inv) {
          return inv > minInverse ? float(1.0 / inv) : far;
        };
        if (fit.degenerate)
          fillConstant(toDepth(b));
        else
          fill([&](float v) { return toDepth(s * v + b); });
      }
      break;
    }
  }
  r.depth = DepthMap(prediction.width(), prediction.height(), DepthKind::MetricDepth,
                     std::move(out), prediction.validMask());
  return r;
}

}  // namespace ds
