#include "core/image/DepthKind.h"

namespace ds {

std::string toString(DepthKind kind) {
  switch (kind) {
    case DepthKind::MetricDepth:
      return "metric_depth";
    case DepthKind::RelativeDepth:
      return "relative_depth";
    case DepthKind::RelativeInverseDepth:
      return "relative_inverse_depth";
  }
  return "relative_depth";
}

std::optional<DepthKind> parseDepthKind(const std::string& name) {
  if (name == "metric_depth") return DepthKind::MetricDepth;
  if (name == "relative_depth") return DepthKind::RelativeDepth;
  if (name == "relative_inverse_depth") return DepthKind::RelativeInverseDepth;
  return std::nullopt;
}

}  // namespace ds
