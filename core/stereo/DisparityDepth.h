#pragma once
// Disparity (px) <-> metric depth (m) for a rectified pair: Z = f * B / d.
#include "core/image/DepthMap.h"

namespace ds {

// A disparity map (kind RelativeInverseDepth, values in px, as SgbmMatcher gives) to MetricDepth
// in metres. Pixels with d <= 0 (at infinity or behind the cameras) become invalid. Throws
// ds::Error for a non-positive or non-finite focal length or baseline, or another kind of map.
DepthMap disparityToDepth(const DepthMap& disparityPx, double focalPx, double baselineM);

// The inverse: MetricDepth (m) to disparity in px (kind RelativeInverseDepth). Depth <= 0 is
// invalid. Same checks.
DepthMap depthToDisparity(const DepthMap& depthM, double focalPx, double baselineM);

}  // namespace ds
