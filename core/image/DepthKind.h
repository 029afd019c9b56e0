#pragma once
// What the numbers in a depth map mean. Metric depth is in metres; relative depth is depth up to an
// unknown positive scale and shift; relative inverse depth is disparity-like (larger = nearer) up
// to an unknown positive scale and shift. Evaluation aligns each kind in its own space.
#include <cmath>
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
// Whether a value carries depth: finite, and > 0 for depth kinds (0 there is "no data"). Any finite
// relative inverse depth does: it is known only up to scale and shift, so its sign is fixed only
// by alignment, and dropping negative values would leave out the far part of the scene.
inline bool isDepthValue(DepthKind kind, float v) {
  return std::isfinite(v) && (isInverse(kind) || v > 0.0f);
}

}  // namespace ds
