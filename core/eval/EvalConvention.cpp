#include "core/eval/EvalConvention.h"

#include <algorithm>
#include <cmath>

#include "core/util/Error.h"

namespace ds {

std::optional<CropKind> parseCropKind(const std::string& name) {
  if (name.empty() || name == "-" || name == "none") return CropKind::None;
  if (name == "eigen") return CropKind::Eigen;
  if (name == "garg") return CropKind::Garg;
  return std::nullopt;
}

std::string toString(CropKind crop) {
  switch (crop) {
    case CropKind::Eigen:
      return "eigen";
    case CropKind::Garg:
      return "garg";
    case CropKind::None:
      break;
  }
  return "none";
}

EvalConvention EvalConvention::nyu() {
  return {"nyu", 0.1, 10.0, CropKind::Eigen};
}

EvalConvention EvalConvention::kitti() {
  return {"kitti", 1e-3, 80.0, CropKind::Garg};
}

EvalConvention EvalConvention::fromName(const std::string& name) {
  if (name == "nyu") return nyu();
  if (name == "kitti") return kitti();
  throw Error("unknown evaluation convention '" + name + "' (known: nyu, kitti)");
}

void EvalConvention::check() const {
  if (!(std::isfinite(minDepth) && std::isfinite(maxDepth) && minDepth >= 0 && minDepth < maxDepth))
    throw Error("evaluation range must satisfy 0 <= min < max metres, not [" +
                std::to_string(minDepth) + ", " + std::to_string(maxDepth) + "]");
}

std::vector<uint8_t> EvalConvention::mask(int width, int height) const {
  if (width <= 0 || height <= 0) throw Error("evaluation mask needs a positive image size");
  int row0 = 0, row1 = height, col0 = 0, col1 = width;
  if (crop == CropKind::Eigen) {
    // Defined in pixels at 640x480; other sizes keep the same fractions.
    row0 = int(std::lround(45.0 * height / 480.0));
    row1 = int(std::lround(471.0 * height / 480.0));
    col0 = int(std::lround(41.0 * width / 640.0));
    col1 = int(std::lround(601.0 * width / 640.0));
  } else if (crop == CropKind::Garg) {
    row0 = int(0.40810811 * height);
    row1 = int(0.99189189 * height);
    col0 = int(0.03594771 * width);
    col1 = int(0.96405229 * width);
  }
  std::vector<uint8_t> m(size_t(width) * size_t(height), 0);
  for (int y = row0; y < row1; ++y)
    std::fill(m.begin() + long(y) * width + col0, m.begin() + long(y) * width + col1, 1);
  return m;
}

std::vector<uint8_t> EvalConvention::mask(const DepthMap& gt) const {
  auto m = mask(gt.width(), gt.height());
  const auto& v = gt.values();
  const auto& valid = gt.validMask();
  for (size_t i = 0; i < m.size(); ++i)
    m[i] = m[i] && valid[i] && v[i] > minDepth && v[i] < maxDepth;
  return m;
}

DepthMap EvalConvention::clamp(const DepthMap& prediction) const {
  DepthMap out = prediction;
  auto& v = out.values();
  const auto& valid = out.validMask();
  const float lo = float(minDepth), hi = float(maxDepth);
  for (size_t i = 0; i < v.size(); ++i)
    if (valid[i]) v[i] = std::clamp(v[i], lo, hi);
  return out;
}

}  // namespace ds
