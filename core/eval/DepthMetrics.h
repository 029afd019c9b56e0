#pragma once
// The standard monocular-depth error metrics (Eigen et al. 2014, as reported by every paper here)
// and their averaging over frames.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image/DepthMap.h"

namespace ds {

struct DepthMetrics {
  double absRel = 0, sqRel = 0, rmse = 0, rmseLog = 0, log10 = 0;
  double delta1 = 0, delta2 = 0, delta3 = 0;  // fraction of pixels with max(d/g, g/d) < 1.25^k
  size_t count = 0;                           // pixels that entered (0: values are NaN)
  // Ground-truth pixels that could have entered (valid, > 0, in the mask); count < truthPixels
  // means the prediction left some unscored.
  size_t truthPixels = 0;
};

// Metrics of a metric-depth prediction against metric ground truth (same size, both in metres)
// over pixels valid in both, with both values > 0 (logs need it), and set in evalMask (may be
// null; same size, non-zero = counts). No clamping happens here: clamp the prediction to the
// convention's range first (EvalConvention::clamp), as the standard protocols do. With no pixel
// left every value is NaN and count is 0. Throws ds::Error on a size mismatch.
DepthMetrics computeMetrics(const DepthMap& predictionMetres, const DepthMap& groundTruthMetres,
                            const std::vector<uint8_t>* evalMask);

// Mean of per-frame values (each frame weighs the same, as papers average per image); frames with
// count 0 are skipped. count and truthPixels of the result are totals (truthPixels over every
// frame). All NaN when none is left.
DepthMetrics meanOfFrames(const std::vector<DepthMetrics>& perFrame);

}  // namespace ds
