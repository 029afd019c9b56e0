#pragma once
// The signed difference of two stages' depth maps (the compare view's "what did refinement
// change"): both in inverse-depth space (depth kinds inverted), the second aligned to the first by
// least-squares scale and shift with a positive scale (relative maps agree only up to those), then
// other - reference. Same size required.
#include "core/image/DepthMap.h"

namespace ds {

struct StageDifference {
  DepthMap difference;  // RelativeInverseDepth kind; valid where both maps are
  double scale = 1, shift = 0;  // the alignment applied to `other`
  double meanAbs = 0;           // mean |difference| over valid pixels
  double referenceRange = 0;    // 2nd..98th percentile span of the reference (for a colour range)
};

// Throws ds::Error when the sizes differ or no pixel is valid in both.
StageDifference stageDifference(const DepthMap& reference, const DepthMap& other);

}  // namespace ds
