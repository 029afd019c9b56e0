#pragma once
// Turns any kind of depth map into depth that can be back-projected (Z along the optical axis).
//  - Metric depth: as is (metres).
//  - Relative depth: as is. Its scale (and shift) are unknown, so the geometry has the right shape
//    only up to that scale; it is not in metres.
//  - Relative inverse depth (disparity-like, larger = nearer): we assume the unknown shift is zero
//    (inverse depth proportional to disparity, the usual reading of such outputs) and divide by the
//    value at a high quantile, so the near part of the scene lands at depth ~1. Then
//    depth = 1 / max(v, floor): values at or below the floor (0 = infinitely far, or negative
//    because the real shift was not zero) sit on a far plane at 1/floor instead of at infinity.
//    With the defaults depth spans [~1, 100], a range a viewer can frame.
// Pixels that are invalid, non-finite, or (for depth kinds) not positive come out invalid.
#include "core/image/DepthMap.h"

namespace ds {

struct GeometryDepthOptions {
  // Quantile of the valid inverse values that maps to depth 1 (robust to a few outliers).
  double inverseReferenceQuantile = 0.98;
  // Smallest normalised inverse value used; 1/floor is the far plane (0.01 -> 100).
  float inverseFloor = 0.01f;

  // Throws ds::Error when the quantile is outside (0, 1] or the floor outside (0, 1).
  void check() const;
};

// Result kind: MetricDepth for metric input, RelativeDepth otherwise. When no inverse value is
// positive (everything at infinity) every pixel comes out invalid.
DepthMap toGeometryDepth(const DepthMap& depth, const GeometryDepthOptions& options = {});

}  // namespace ds
