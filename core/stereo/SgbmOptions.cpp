#include "core/stereo/SgbmOptions.h"

#include <cmath>

#include "core/util/Error.h"

namespace ds {

std::string toString(SgbmMode mode) {
  switch (mode) {
    case SgbmMode::Sgbm:
      return "sgbm";
    case SgbmMode::Hh:
      return "hh";
    case SgbmMode::ThreeWay:
      return "3way";
    case SgbmMode::Hh4:
      return "hh4";
  }
  return "sgbm";
}

std::optional<SgbmMode> parseSgbmMode(const std::string& name) {
  for (SgbmMode m : {SgbmMode::Sgbm, SgbmMode::Hh, SgbmMode::ThreeWay, SgbmMode::Hh4})
    if (toString(m) == name) return m;
  return std::nullopt;
}

namespace {
[[noreturn]] void bad(const std::string& what) {
  throw Error("stereo options: " + what);
}
}  // namespace

void SgbmOptions::check() const {
  // OpenCV keeps disparities as 16-bit fixed point (1/16 px), which bounds the range.
  if (std::abs(minDisparity) > 1024)
    bad("minDisparity must lie in [-1024, 1024] px (got " + std::to_string(minDisparity) + ")");
  if (numDisparities < 0 || numDisparities % 16 != 0 || numDisparities > 1024)
    bad("numDisparities must be 0 (automatic) or a positive multiple of 16 up to 1024 (got " +
        std::to_string(numDisparities) + ")");
  if (blockSize < 1 || blockSize > 21 || blockSize % 2 == 0)
    bad("blockSize must be odd and in [1, 21] (got " + std::to_string(blockSize) + ")");
  if (p1 < 0 || p2 < 0) bad("P1 and P2 must not be negative (0 = automatic)");
  if ((p1 > 0) != (p2 > 0)) bad("set both P1 and P2, or neither (0 = automatic)");
  if (p1 > 0 && p2 <= p1)
    bad("P2 must be larger than P1 (got P1 " + std::to_string(p1) + ", P2 " + std::to_string(p2) +
        ")");
  if (uniquenessRatio < 0 || uniquenessRatio > 100)
    bad("uniquenessRatio must be a percentage in [0, 100] (got " + std::to_string(uniquenessRatio) +
        ")");
  if (speckleWindowSize < 0) bad("speckleWindowSize must not be negative (0 = no speckle removal)");
  if (speckleWindowSize > 0 && !(speckleRange > 0 && speckleRange < 1000))
    bad("speckleRange must be a positive number of px (got " + std::to_string(speckleRange) + ")");
  if (disp12MaxDiff < 0 || disp12MaxDiff > 1024)
    bad("disp12MaxDiff must be 0 (off) or a number of px up to 1024 (got " +
        std::to_string(disp12MaxDiff) + ")");
  if (leftRightCheck && !(leftRightMaxDiff > 0 && leftRightMaxDiff < 1000))
    bad("leftRightMaxDiff must be a positive number of px (got " +
        std::to_string(leftRightMaxDiff) + ")");
  if (!(fillAgreement >= 0.0 && fillAgreement <= 1.0))
    bad("fillAgreement must lie in [0, 1] (got " + std::to_string(fillAgreement) + ")");
  if (!(downscale > 0.0 && downscale <= 1.0))
    bad("downscale must lie in (0, 1] (got " + std::to_string(downscale) + ")");
}

int SgbmOptions::resolvedNumDisparities(int imageWidth) const {
  if (numDisparities > 0) return numDisparities;
  const int rounded = int(std::lround(imageWidth / 5.0 / 16.0)) * 16;
  return rounded < 16 ? 16 : (rounded > 1024 ? 1024 : rounded);
}

}  // namespace ds
