#pragma once
// Occlusion-aware filling of invalid disparities, after Rhemann et al., "Fast cost-volume
// filtering for visual correspondence" (CVPR 2011): an invalid pixel is first given the disparity
// of the farther of its nearest valid neighbours on the scanline (an occluded pixel belongs to the
// background surface), then a colour-weighted median over the neighbourhood replaces that guess.
// Unlike the paper we keep a filled pixel only where the neighbourhood agrees: the weight within
// 1 px of the median must reach minAgreement, so fills across unrelated surfaces stay invalid.
// Pixels with no valid pixel to their left on the row (the left border, where the right view has
// no counterpart) are never filled.
#include <cstddef>

#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/util/CancelToken.h"

namespace ds {

struct DisparityFillOptions {
  int radius = 9;              // median window half-size, px
  double sigmaSpacePx = 9.0;   // spatial weight exp(-r^2 / 2 sigma^2)
  double sigmaColour = 0.1;    // colour weight per unit of [0, 1] intensity
  double minAgreement = 0.75;  // see above; 0 keeps every fill
  // Two valid neighbours closer than this (px) are one surface: interpolate between them.
  double sameSurfacePx = 1.0;

  void check() const;  // throws ds::Error naming the bad option
};

// Fills `disparity` (px of the left view, any DepthKind) in place, guided by the left image of the
// same size. Returns the number of pixels that became valid. Honours cancel between rows.
size_t fillDisparityHoles(DepthMap& disparity, const Image& leftGuide,
                          const DisparityFillOptions& options, const CancelToken& cancel);

}  // namespace ds
