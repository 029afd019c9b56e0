#pragma once
// Pinhole intrinsics in pixels for an image of a given size.
#include <string>

namespace ds {

struct Intrinsics {
  // When a user gives no calibration we assume a 60 degree horizontal field of view (typical of
  // phone main cameras and webcams, 55-70 degrees), square pixels and the principal point at the
  // image centre. Shapes come out plausible; absolute scale is only as good as the guess.
  static constexpr double kDefaultHorizontalFovDeg = 60.0;

  double fx = 0, fy = 0, cx = 0, cy = 0;
  int width = 0, height = 0;

  static Intrinsics fromHorizontalFov(int width, int height,
                                      double horizontalFovDeg = kDefaultHorizontalFovDeg);
  // The same camera at another resolution (pixel-centre convention: (c + 0.5) * s - 0.5).
  Intrinsics scaledTo(int newWidth, int newHeight) const;
  double horizontalFovDeg() const;
  // Throws ds::Error describing the first problem (non-positive focal length or size, ...).
  void check() const;
  bool valid() const;
};

}  // namespace ds
