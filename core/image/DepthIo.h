#pragma once
// Reading and writing depth maps by extension: .png (uint16, value = depth x scale, 0 = no data),
// and .exr / .pfm / .npy (float32; invalid pixels stored as NaN).
#include <filesystem>
#include <string>
#include <vector>

#include "core/image/DepthMap.h"

namespace ds {

struct DepthReadOptions {
  // 16-bit PNG only: depth = stored value / pngScale (1000: millimetres; KITTI uses 256).
  double pngScale = 1000.0;
  // What the numbers mean; decides validity (see DepthMap): non-finite values are always
  // invalid, and for depth kinds so are values <= 0. In a PNG, 0 is always "no data".
  DepthKind kind = DepthKind::MetricDepth;

  void check() const;  // pngScale must be positive and finite
};

struct DepthWriteOptions {
  // 16-bit PNG only: stored value = round(depth x pngScale). 0 = automatic: 1000 for metric depth;
  // for relative kinds the largest valid value maps to 65000. An explicit (or the metric default)
  // scale that would overflow 65535 is an error, not a silent clip.
  double pngScale = 0.0;

  void check() const;  // pngScale must be >= 0 and finite
};

struct DepthWriteInfo {
  // The scale a PNG was written with (callers record it next to the file); 0 for float formats.
  double pngScale = 0.0;
};

// Throws ds::Error naming the file: unknown extension (listing the supported ones), missing or
// unreadable file, an 8-bit or multi-channel PNG, several different channels, a non-image array.
DepthMap readDepth(const std::filesystem::path& path, const DepthReadOptions& options = {});

// Atomic (a failure leaves no file). In a PNG, invalid pixels become 0 and a valid value never
// rounds to 0; negative valid values cannot be stored in a PNG and are an error.
DepthWriteInfo writeDepth(const std::filesystem::path& path, const DepthMap& depth,
                          const DepthWriteOptions& options = {});

// Lower case with the dot: ".png", ".exr", ".pfm", ".npy".
std::vector<std::string> supportedDepthExtensions();

}  // namespace ds
