#pragma once
// How surface normals are estimated from depth (gridNormals); the mesher, the point cloud and the
// normal map image all take these.
namespace ds {

struct NormalOptions {
  // Half-size of the square pixel window a normal is fitted over: (2 radius + 1)^2 pixels. Real
  // depth (stereo, sensors, networks) is too noisy for pixel-to-pixel differences; a wider window
  // averages the noise out but rounds off detail smaller than the window. 0 = automatic: the
  // smaller side / kAutoRadiusDivisor, at least 1 (11 at 1282x1110, 5 at 640x480). Measured on
  // SGBM depth of the Middlebury Aloe pair, a 4-pixel radius still left ~25 degrees of noise on
  // flat parts of the backdrop, 11 about 10.
  int radius = 0;
  // A neighbour whose depth differs from the pixel's by more than this fraction of the nearer
  // one is across a discontinuity (another surface) and is left out of the fit. Same meaning as
  // MeshOptions::discontinuityThreshold. Infinity fits across everything.
  float discontinuityThreshold = 0.05f;

  static constexpr int kAutoRadiusDivisor = 100;
  // Past this a window describes a region rather than a point's surface, and next to edges and
  // holes (where windows are sampled sparsely, see gridNormals) too few of its points are used.
  static constexpr int kMaxRadius = 64;

  // The radius used on a width x height grid: radius, or the automatic one.
  int radiusFor(int width, int height) const;

  // Throws ds::Error naming the field: radius outside [0, kMaxRadius], threshold not positive.
  void check() const;
};

}  // namespace ds
