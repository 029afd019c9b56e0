#pragma once
// Per-image alignment of a prediction to metric ground truth before metrics: affine-invariant
// outputs are only defined up to a positive scale and shift, so each is fitted in its own space
// (depth or inverse depth), as the papers do.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/DepthMap.h"

namespace ds {

enum class Alignment {
  Auto,                     // by the prediction's kind (defaultAlignmentFor)
  None,                     // take the values as metres (inverse kinds: 1 / value)
  Median,                   // depth = median(gt) / median(p) * p, in depth space
  LeastSquaresDepth,        // s, b minimising sum (s p + b - gt)^2
  LeastSquaresInverseDepth  // s, b minimising sum (s q + b - 1/gt)^2, q = inverse of p
};

// "auto", "none", "median", "lsq_depth", "lsq_inverse_depth".
std::string toString(Alignment alignment);
std::optional<Alignment> parseAlignment(const std::string& name);

// Metric -> None, relative depth -> LeastSquaresDepth, relative inverse ->
// LeastSquaresInverseDepth.
Alignment defaultAlignmentFor(DepthKind kind);

struct AlignmentResult {
  DepthMap depth;                         // MetricDepth, same size and validity as the prediction
  Alignment alignment = Alignment::None;  // what was applied (Auto resolved)
  double scale = 1.0, shift = 0.0;        // in the alignment's space (inverse: 1/m units)
  bool degenerate = false;  // too few pixels, a flat prediction, or a non-positive scale
};

// Aligns `prediction` to `gtMetres` over pixels valid in both and set in `mask` (may be null).
// The prediction is first put in the alignment's space: depth space takes depth kinds as they are
// and inverse kinds as 1/p; inverse space takes inverse kinds as they are and depth kinds as 1/p.
// A pixel that has no value in that space (1/p of p <= 0) takes part in no fit and comes out at
// farDepthMetres. The positive-scale rule holds: a fit that would flip the prediction is
// degenerate and gives a constant map (the ground truth's mean in the alignment's space, or its
// median for Median). Inverse space: depth = 1 / (s q + b); where s q + b <= 1 / farDepthMetres
// (farther than the far limit, or <= 0: beyond infinity) the depth is farDepthMetres, since
// the evaluator clamps there anyway. farDepthMetres <= 0 means the largest ground-truth depth
// under the mask. Throws ds::Error on a size mismatch.
AlignmentResult align(const DepthMap& prediction, const DepthMap& gtMetres,
                      const std::vector<uint8_t>* mask, Alignment alignment,
                      double farDepthMetres = 0.0);

}  // namespace ds
