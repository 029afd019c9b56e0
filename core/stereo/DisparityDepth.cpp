#include "core/stereo/DisparityDepth.h"

#include <cmath>
#include <sstream>

#include "core/util/Error.h"

namespace ds {

namespace {

void checkCalibration(const char* what, double focalPx, double baselineM) {
  auto bad = [&](const std::string& problem, double value) {
    std::ostringstream s;
    s << what << ": " << problem << " (got " << value << ")";
    throw Error(s.str());
  };
  if (!(std::isfinite(focalPx) && focalPx > 0))
    bad("the focal length must be positive px", focalPx);
  if (!(std::isfinite(baselineM) && baselineM > 0))
    bad("the baseline must be positive metres", baselineM);
}

// v -> f*B/v where v > 0; used in both directions (the map is its own inverse).
DepthMap reciprocal(const DepthMap& in, double fb, DepthKind kind) {
  std::vector<float> values(in.pixelCount(), 0.0f);
  std::vector<uint8_t> valid(in.pixelCount(), 0);
  for (size_t i = 0; i < values.size(); ++i) {
    const float v = in.values()[i];
    if (!in.validMask()[i] || !(v > 0.0f)) continue;
    values[i] = float(fb / double(v));
    valid[i] = std::isfinite(values[i]) ? 1 : 0;
  }
  return DepthMap(in.width(), in.height(), kind, std::move(values), std::move(valid));
}

}  // namespace

DepthMap disparityToDepth(const DepthMap& disparityPx, double focalPx, double baselineM) {
  checkCalibration("disparity to depth", focalPx, baselineM);
  if (disparityPx.kind() != DepthKind::RelativeInverseDepth)
    throw Error(
        "disparity to depth: expected a disparity map (relative_inverse_depth in px), got " +
        toString(disparityPx.kind()));
  return reciprocal(disparityPx, focalPx * baselineM, DepthKind::MetricDepth);
}

DepthMap depthToDisparity(const DepthMap& depthM, double focalPx, double baselineM) {
  checkCalibration("depth to disparity", focalPx, baselineM);
  if (depthM.kind() != DepthKind::MetricDepth)
    throw Error("depth to disparity: expected metric depth in metres, got " +
                toString(depthM.kind()));
  return reciprocal(depthM, focalPx * baselineM, DepthKind::RelativeInverseDepth);
}

}  // namespace ds
