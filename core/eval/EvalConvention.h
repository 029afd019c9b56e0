#pragma once
// An evaluation protocol: the depth range that counts and the image crop that counts. NYU
// (indoor): 0.1-10 m with Eigen's crop; KITTI (outdoor): 1e-3-80 m with Garg's crop.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/DepthMap.h"

namespace ds {

enum class CropKind { None, Eigen, Garg };

// "" or "-" or "none" -> None, "eigen", "garg" (the dataset's intrinsics.json names).
std::optional<CropKind> parseCropKind(const std::string& name);
std::string toString(CropKind crop);

struct EvalConvention {
  std::string name = "custom";
  double minDepth = 1e-3;  // metres; ground truth must lie strictly inside (min, max)
  double maxDepth = 80.0;
  CropKind crop = CropKind::None;

  static EvalConvention nyu();
  static EvalConvention kitti();
  // "nyu" or "kitti"; throws ds::Error listing the known names otherwise.
  static EvalConvention fromName(const std::string& name);

  // Throws ds::Error when the range is not 0 <= min < max (finite).
  void check() const;

  // The crop as a width*height mask (1 = inside). Eigen's crop is rows 45:471, cols 41:601 at
  // 640x480, scaled proportionally (rounded) for other sizes; Garg's is the usual fractions of the
  // size, truncated as in the reference (monodepth2) code.
  std::vector<uint8_t> mask(int width, int height) const;
  // Pixels that count for this ground truth: inside the crop, valid, and min < gt < max.
  std::vector<uint8_t> mask(const DepthMap& groundTruthMetres) const;
  // The prediction with valid values clamped to [min, max], the standard protocols' last step
  // before metrics (it bounds the errors of wild or non-positive aligned values).
  DepthMap clamp(const DepthMap& predictionMetres) const;
};

}  // namespace ds
