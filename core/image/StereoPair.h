#pragma once
// A rectified stereo pair: the left image is the main view; a point at column x in the left image
// is at x - d in the right one. Focal length (px) and baseline (m) turn disparity into metres; when
// either is unknown (0) the pair still gives relative inverse depth.
#include "core/image/Image.h"

namespace ds {

struct StereoPair {
  Image left;
  Image right;
  double focalPx = 0.0;
  double baselineM = 0.0;

  bool hasMetricCalibration() const { return focalPx > 0.0 && baselineM > 0.0; }
  // Throws ds::Error when an image is empty or the two sizes differ.
  void check() const;
};

}  // namespace ds
