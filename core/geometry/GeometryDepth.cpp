#include "core/geometry/GeometryDepth.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

void GeometryDepthOptions::check() const {
  if (!(inverseReferenceQuantile > 0.0 && inverseReferenceQuantile <= 1.0))
    throw Error("geometry depth: inverseReferenceQuantile must be in (0, 1], not " +
                std::to_string(inverseReferenceQuantile));
  if (!(inverseFloor > 0.0f && inverseFloor < 1.0f))
    throw Error("geometry depth: inverseFloor must be in (0, 1), not " +
                std::to_string(inverseFloor));
}

DepthMap toGeometryDepth(const DepthMap& depth, const GeometryDepthOptions& options) {
  options.check();
  const bool inverse = isInverse(depth.kind());
  const DepthKind outKind =
      depth.kind() == DepthKind::MetricDepth ? DepthKind::MetricDepth : DepthKind::RelativeDepth;
  DepthMap out(depth.width(), depth.height(), outKind);
  const auto& values = depth.values();
  const auto& mask = depth.validMask();
  auto& outValues = out.values();
  auto& outMask = out.validMask();

  if (!inverse) {
    for (size_t i = 0; i < values.size(); ++i) {
      const float v = values[i];
      const bool ok = mask[i] && std::isfinite(v) && v > 0.0f;
      outValues[i] = ok ? v : 0.0f;
      outMask[i] = ok;
    }
    return out;
  }

  const float reference = depth.validQuantile(options.inverseReferenceQuantile);
  if (!(reference > 0.0f) || !std::isfinite(reference)) return out;  // all at infinity
  for (size_t i = 0; i < values.size(); ++i) {
    const float v = values[i];
    const bool ok = mask[i] && std::isfinite(v);
    outValues[i] = ok ? 1.0f / std::max(v / reference, options.inverseFloor) : 0.0f;
    outMask[i] = ok;
  }
  return out;
}

}  // namespace ds
