#pragma once
// Robust scale-and-shift alignment of a relative depth map (e.g. a monocular network's output) to
// a metric one (e.g. stereo depth), so the relative map's dense detail gets metres.
// RelativeDepth (and MetricDepth with a wrong scale) is fitted in depth space against the metric
// depth; RelativeInverseDepth in inverse-depth space against 1 / metric depth.
// The fit starts from a least-median-of-squares estimate over random pixel pairs (tolerates up to
// half the pixels being wrong), then refines it by iteratively reweighted least squares (Huber or
// Tukey weights on residuals scaled by the median absolute deviation) or by RANSAC-style refits on
// the inliers. A prediction that only fits upside down (negative scale) is refused, never flipped.
#include <cstddef>
#include <optional>
#include <string>

#include "core/image/DepthMap.h"

namespace ds {

enum class RobustFit { Huber, Tukey, Ransac };

// "huber", "tukey", "ransac".
std::string toString(RobustFit method);
std::optional<RobustFit> parseRobustFit(const std::string& name);

struct MetricAlignmentOptions {
  RobustFit method = RobustFit::Tukey;
  double huberK = 1.345;  // Huber threshold in robust standard deviations (95% efficiency)
  double tukeyC = 4.685;  // Tukey biweight cut-off, likewise
  int maxIterations = 50;
  int hypotheses = 300;        // random pixel pairs tried for the starting fit
  double inlierSigmas = 2.5;   // inlier: |residual| <= this many robust standard deviations
  size_t maxSamples = 200000;  // larger maps are subsampled evenly for the fit
  size_t minSamples = 16;      // fewer pixels valid in both maps -> failed alignment
  unsigned seed = 1;

  void check() const;  // throws ds::Error naming the bad option
};

struct MetricAlignmentResult {
  bool ok = false;
  std::string message;        // why the alignment failed; empty when ok
  DepthMap aligned;           // MetricDepth (m), the relative map's size; empty when !ok
  bool inverseSpace = false;  // the fit was in inverse depth (1/m)
  double scale = 0.0;         // fitted: target ~ scale * relative + shift (in the fit space)
  double shift = 0.0;
  size_t samples = 0;              // pixels that entered the fit
  double inlierFraction = 0.0;     // of the samples, within inlierSigmas robust deviations
  double robustSigma = 0.0;        // 1.4826 * median absolute residual, fit-space units
  double inlierRmsResidual = 0.0;  // RMS residual of the inliers, fit-space units
};

class MetricAlignment {
 public:
  explicit MetricAlignment(MetricAlignmentOptions options = {});  // checks the options

  // Throws ds::Error when the sizes differ, `metric` is not MetricDepth or `relative` is of
  // no alignable kind. A fit that cannot be made (too few common pixels, a constant prediction,
  // a negative scale) returns ok = false with a message.
  MetricAlignmentResult align(const DepthMap& relative, const DepthMap& metric) const;

 private:
  MetricAlignmentOptions options_;
};

}  // namespace ds
