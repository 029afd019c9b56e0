#pragma once
// What the numbers in a depth map mean. Metric depth is in metres; relative depth is depth up to an
// unknown positive scale and shift; relative inverse depth is disparity-like (larger = nearer) up
// to an unknown positive scale and shift. Evaluation aligns each kind in its own space.
#include <optional>
#include <string>

namespace ds {

enum class DepthKind { MetricDepth, RelativeDepth, RelativeInverseDepth };

// "metric_depth", "relative_depth", "relative_inverse_depth" (the sidecar JSON and result.json
// names).
std::string toString(DepthKind kind);
std::optional<DepthKind> parseDepthKind(const std::string& name);
// True for kinds where larger values mean nearer.
inline bool isInverse(DepthKind kind) {
  return kind == DepthKind::RelativeInverseDepth;
}

}  // namespace ds
