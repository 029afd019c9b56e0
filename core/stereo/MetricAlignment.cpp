#include "core/stereo/MetricAlignment.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <vector>

#include "core/eval/ScaleShiftFit.h"
#include "core/util/Error.h"

namespace ds {

std::string toString(RobustFit method) {
  switch (method) {
    case RobustFit::Huber:
      return "huber";
    case RobustFit::Tukey:
      return "tukey";
    case RobustFit::Ransac:
      return "ransac";
  }
  return "tukey";
}

std::optional<RobustFit> parseRobustFit(const std::string& name) {
  for (RobustFit m : {RobustFit::Huber, RobustFit::Tukey, RobustFit::Ransac})
    if (toString(m) == name) return m;
  return std::nullopt;
}

void MetricAlignmentOptions::check() const {
  auto bad = [](const std::string& what) { throw Error("metric alignment options: " + what); };
  if (!(huberK > 0)) bad("huberK must be positive");
  if (!(tukeyC > 0)) bad("tukeyC must be positive");
  if (maxIterations < 1) bad("maxIterations must be at least 1");
  if (hypotheses < 1) bad("hypotheses must be at least 1");
  if (!(inlierSigmas > 0)) bad("inlierSigmas must be positive");
  if (minSamples < 2) bad("minSamples must be at least 2 (a line needs two points)");
  if (maxSamples < minSamples) bad("maxSamples must not be smaller than minSamples");
}

namespace {

struct Samples {
  std::vector<float> p, t;
};

double median(std::vector<double>& v) {
  if (v.empty()) return 0.0;
  const auto mid = v.begin() + long(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// 1.4826 * median |r|: the standard deviation of Gaussian residuals, unmoved by outliers.
double robustSigma(const Samples& s, double scale, double shift, std::vector<double>& work) {
  work.resize(s.p.size());
  for (size_t i = 0; i < s.p.size(); ++i)
    work[i] = std::abs(s.t[i] - (scale * s.p[i] + shift));
  return 1.4826 * median(work);
}

// Least median of squares over random pairs; keeps the sign the data asks for.
ScaleShift leastMedianStart(const Samples& s, const MetricAlignmentOptions& o) {
  std::mt19937 rng(o.seed);
  std::uniform_int_distribution<size_t> pick(0, s.p.size() - 1);
  // Score each hypothesis on a fixed random subset: the median needs only a few thousand points.
  std::vector<size_t> eval(std::min<size_t>(s.p.size(), 4000));
  for (size_t& i : eval)
    i = pick(rng);
  std::vector<double> res(eval.size());
  ScaleShift best;
  best.degenerate = true;
  double bestScore = std::numeric_limits<double>::infinity();
  for (int h = 0; h < o.hypotheses; ++h) {
    const size_t i = pick(rng), j = pick(rng);
    const double dp = double(s.p[i]) - double(s.p[j]);
    if (!(std::abs(dp) > 1e-12 * (1.0 + std::abs(double(s.p[i]))))) continue;
    const double scale = (double(s.t[i]) - double(s.t[j])) / dp;
    const double shift = double(s.t[i]) - scale * double(s.p[i]);
    for (size_t k = 0; k < eval.size(); ++k)
      res[k] = std::abs(s.t[eval[k]] - (scale * s.p[eval[k]] + shift));
    const double score = median(res);
    if (score < bestScore) {
      bestScore = score;
      best.scale = scale;
      best.shift = shift;
      best.degenerate = false;
    }
  }
  return best;
}

}  // namespace

MetricAlignment::MetricAlignment(MetricAlignmentOptions options) : options_(options) {
  options_.check();
}

MetricAlignmentResult MetricAlignment::align(const DepthMap& relative,
                                             const DepthMap& metric) const {
  const MetricAlignmentOptions& o = options_;
  if (relative.empty() || metric.empty())
    throw Error("metric alignment: the " + std::string(relative.empty() ? "relative" : "metric") +
                " depth map is empty");
  if (relative.width() != metric.width() || relative.height() != metric.height())
    throw Error("metric alignment: the maps differ in size (relative " +
                std::to_string(relative.width()) + "x" + std::to_string(relative.height()) +
                ", metric " + std::to_string(metric.width()) + "x" +
                std::to_string(metric.height()) + "); resample one onto the other first");
  if (metric.kind() != DepthKind::MetricDepth)
    throw Error("metric alignment: the reference must be metric_depth, got " +
                toString(metric.kind()));

  MetricAlignmentResult result;
  result.inverseSpace = isInverse(relative.kind());

  // Pixels valid in both, the target in the relative map's space.
  size_t common = 0;
  for (size_t i = 0; i < relative.pixelCount(); ++i)
    common += relative.validMask()[i] && metric.validMask()[i] && metric.values()[i] > 0;
  if (common < o.minSamples) {
    result.message = "metric alignment: only " + std::to_string(common) +
                     " pixels are valid in both maps (need at least " +
                     std::to_string(o.minSamples) + ")";
    return result;
  }
  const size_t stride = (common + o.maxSamples - 1) / o.maxSamples;
  Samples s;
  for (size_t i = 0, k = 0; i < relative.pixelCount(); ++i) {
    if (!(relative.validMask()[i] && metric.validMask()[i] && metric.values()[i] > 0)) continue;
    if (k++ % stride) continue;
    s.p.push_back(relative.values()[i]);
    s.t.push_back(result.inverseSpace ? 1.0f / metric.values()[i] : metric.values()[i]);
  }
  const size_t n = s.p.size();
  result.samples = n;

  ScaleShift fit = leastMedianStart(s, o);
  if (fit.degenerate) {
    result.message = "metric alignment: the relative map is constant over the common pixels";
    return result;
  }
  auto upsideDown = [&](double scale) {
    std::ostringstream m;
    m << "metric alignment: the relative map fits the metric one only upside down (scale " << scale
      << " < 0); is its kind (" << toString(relative.kind())
      << ") right? Depth and inverse depth run in opposite directions";
    result.message = m.str();
    return result;
  };
  if (fit.scale <= 0) return upsideDown(fit.scale);

  // A floor on the residual scale so that exact data does not divide by zero.
  double tScale = 0;
  for (float t : s.t)
    tScale += std::abs(double(t));
  const double sigmaFloor = 1e-7 * (tScale / double(n)) + 1e-12;
  std::vector<double> work;
  std::vector<float> weights(n, 1.0f);
  for (int it = 0; it < o.maxIterations; ++it) {
    const double sigma = std::max(robustSigma(s, fit.scale, fit.shift, work), sigmaFloor);
    for (size_t i = 0; i < n; ++i) {
      const double u = std::abs(s.t[i] - (fit.scale * s.p[i] + fit.shift)) / sigma;
      switch (o.method) {
        case RobustFit::Huber:
          weights[i] = float(u <= o.huberK ? 1.0 : o.huberK / u);
          break;
        case RobustFit::Tukey: {
          const double q = u / o.tukeyC;
          weights[i] = float(q < 1.0 ? (1 - q * q) * (1 - q * q) : 0.0);
          break;
        }
        case RobustFit::Ransac:
          weights[i] = u <= o.inlierSigmas ? 1.0f : 0.0f;
          break;
      }
    }
    const ScaleShift next = fitScaleShift(s.p.data(), s.t.data(), nullptr, n, weights.data());
    if (next.degenerate) {
      // fitScaleShift refuses a non-positive scale; tell which.
      const ScaleShift free =
          fitScaleShift(s.p.data(), s.t.data(), nullptr, n, weights.data(), false);
      if (!free.degenerate && free.scale < 0) return upsideDown(free.scale);
      result.message = "metric alignment: the robust fit degenerated (too few consistent pixels)";
      return result;
    }
    const bool converged =
        std::abs(next.scale - fit.scale) <= 1e-9 * std::abs(fit.scale) &&
        std::abs(next.shift - fit.shift) <= 1e-9 * (std::abs(fit.shift) + tScale / double(n));
    fit = next;
    if (converged) break;
  }

  const double sigma = std::max(robustSigma(s, fit.scale, fit.shift, work), sigmaFloor);
  size_t inliers = 0;
  double sumSq = 0;
  for (size_t i = 0; i < n; ++i) {
    const double r = s.t[i] - (fit.scale * s.p[i] + fit.shift);
    if (std::abs(r) <= o.inlierSigmas * sigma) {
      ++inliers;
      sumSq += r * r;
    }
  }
  result.scale = fit.scale;
  result.shift = fit.shift;
  result.robustSigma = sigma;
  result.inlierFraction = double(inliers) / double(n);
  result.inlierRmsResidual = inliers ? std::sqrt(sumSq / double(inliers)) : 0.0;

  std::vector<float> values(relative.pixelCount(), 0.0f);
  std::vector<uint8_t> valid(relative.pixelCount(), 0);
  for (size_t i = 0; i < values.size(); ++i) {
    if (!relative.validMask()[i]) continue;
    const double v = fit.scale * relative.values()[i] + fit.shift;
    if (!(v > 0)) continue;  // beyond infinity or behind the camera after alignment
    values[i] = float(result.inverseSpace ? 1.0 / v : v);
    valid[i] = std::isfinite(values[i]) ? 1 : 0;
  }
  result.aligned = DepthMap(relative.width(), relative.height(), DepthKind::MetricDepth,
                            std::move(values), std::move(valid));
  result.ok = true;
  return result;
}

}  // namespace ds
