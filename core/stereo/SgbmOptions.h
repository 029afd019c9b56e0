#pragma once
// Settings of the stereo matcher (OpenCV semi-global block matching plus our own left-right check,
// speckle removal and occlusion-aware hole filling). The defaults are tuned on the real Middlebury
// Aloe pair (see SgbmMatcher.h for the measured coverage and accuracy).
#include <optional>
#include <string>

namespace ds {

// OpenCV's StereoSGBM modes. HH (full 8-path SGM) needs width x height x numDisparities x 2 bytes
// (about 0.9 GB for a 1.3-megapixel pair with 256 disparities); the others work row by row.
enum class SgbmMode { Sgbm, Hh, ThreeWay, Hh4 };

// "sgbm", "hh", "3way", "hh4" (CLI and settings names).
std::string toString(SgbmMode mode);
std::optional<SgbmMode> parseSgbmMode(const std::string& name);

struct SgbmOptions {
  int minDisparity = 0;
  // Size of the disparity search range; a multiple of 16. 0 = automatic: a fifth of the image
  // width rounded to a multiple of 16 (at least 16), which covers scenes whose nearest point is
  // about five baselines per image width away (Aloe at full size needs 224 and gets 256).
  int numDisparities = 0;
  int blockSize = 3;  // odd, matching window side in px
  // Smoothness penalties for disparity changes of 1 px (P1) and more (P2). 0 = automatic:
  // 8 and 32 times channels x blockSize^2 (OpenCV's recommendation).
  int p1 = 0;
  int p2 = 0;
  // A match must beat the second best by this many percent. Low, because the left-right check
  // removes the ambiguous matches more selectively than a uniqueness margin does.
  int uniquenessRatio = 5;
  // Connected regions of at most this many pixels (at full resolution) whose disparities vary by
  // at most speckleRange px are removed as speckles. 0 = no speckle removal.
  int speckleWindowSize = 100;
  double speckleRange = 2.0;
  // OpenCV's own approximate left-right test inside one matching pass, in px; 0 = off. (OpenCV
  // treats its own "off" values as 1 px, so 0 here passes a huge limit instead.)
  int disp12MaxDiff = 1;
  SgbmMode mode = SgbmMode::ThreeWay;
  // Match the right view against the left too and invalidate pixels whose two disparities differ
  // by more than leftRightMaxDiff px (occlusions and mismatches).
  bool leftRightCheck = true;
  double leftRightMaxDiff = 1.0;
  // Fill invalid pixels from the background side along the scanline, then keep only those where a
  // colour-weighted median of the neighbourhood agrees (see DisparityHoleFilling.h).
  bool fillHoles = true;
  // Fraction of the neighbourhood's weight that must lie within 1 px of a filled value.
  double fillAgreement = 0.75;
  // Match at this fraction of the input size, in (0, 1]; disparities are scaled back to full-size
  // pixels. 0.5 is about four times faster and loses fine structures.
  double downscale = 1.0;
  // Match on colour instead of grey. Grey is faster and was as accurate on Aloe.
  bool matchInColour = false;

  // Throws ds::Error naming the first bad option.
  void check() const;
  // numDisparities, or the automatic value for an image of this width (full resolution).
  int resolvedNumDisparities(int imageWidth) const;
};

}  // namespace ds
