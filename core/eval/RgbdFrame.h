#pragma once
// One frame of an RGB-D evaluation set: the image, metric ground truth, which pixels count, and
// the camera and protocol that go with it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/eval/EvalConvention.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"

namespace ds {

// What a frame's intrinsics.json says, read and checked when the dataset opens (no pixels).
struct RgbdFrameInfo {
  std::string id;  // the folder name
  std::filesystem::path folder;
  Intrinsics intrinsics;
  double depthScale = 1000.0;  // depth.png value / depthScale = metres
  std::string split;           // "indoor", "outdoor", ...
  EvalConvention convention;   // from valid_range_m and crop
  std::string source;          // provenance, may be empty
  bool hasValidMask = false;   // valid.png present
};

struct RgbdFrame {
  RgbdFrameInfo info;
  Image rgb;
  DepthMap gt;  // MetricDepth in metres; 0 in the file = invalid
  // Width*height, 1 = the pixel counts: valid.png (255) if present, else the convention's crop;
  // either way only valid ground truth strictly inside the convention's range.
  std::vector<uint8_t> evalMask;

  const std::string& id() const { return info.id; }
  const std::string& split() const { return info.split; }
  const EvalConvention& convention() const { return info.convention; }
  const Intrinsics& intrinsics() const { return info.intrinsics; }
};

}  // namespace ds
