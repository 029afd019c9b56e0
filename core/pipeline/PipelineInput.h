#pragma once
// What the user gave: one image, or a rectified stereo pair, with optional calibration.
#include <filesystem>
#include <optional>

#include "core/image/Image.h"
#include "core/image/Intrinsics.h"

namespace ds {

struct PipelineInput {
  Image image;  // the main (left) view
  std::filesystem::path imagePath;
  Image right;  // the auxiliary (right) view of a rectified pair; empty when there is none
  std::filesystem::path rightPath;
  // Calibration of the main view; when absent the pipeline assumes Intrinsics' default field of
  // view and says so in the result.
  std::optional<Intrinsics> intrinsics;
  double baselineM = 0.0;  // stereo baseline in metres; 0 = unknown

  bool hasStereo() const { return !right.empty(); }
  // Reads the image(s) and builds the calibration from the user's focal length (px, 0 = none):
  // fx = fy = focalPx with the principal point at the centre. Throws ds::Error naming the file.
  static PipelineInput fromFiles(const std::filesystem::path& image,
                                 const std::filesystem::path& right = {}, double focalPx = 0.0,
                                 double baselineM = 0.0);
  // Throws ds::Error for an empty image, a pair of different sizes, negative calibration, or
  // intrinsics for another image size.
  void check() const;
};

}  // namespace ds
