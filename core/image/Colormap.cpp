#include "core/image/Colormap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <vector>

#include "core/util/Error.h"

namespace ds {

namespace {

int openCvMap(ColormapName name) {
  switch (name) {
    case ColormapName::Turbo:
      return cv::COLORMAP_TURBO;
    case ColormapName::Viridis:
      return cv::COLORMAP_VIRIDIS;
    case ColormapName::Inferno:
      return cv::COLORMAP_INFERNO;
    case ColormapName::Gray:
      break;
  }
  return -1;
}

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Value -> position along the map. Values first go to the display space (identity or 1/x), are
// spread linearly over [dlo, dhi] there, and the result is flipped so that near lands where
// nearIsHigh and reverse say. Built once per call so the per-pixel work is a few flops.
struct ValueMapping {
  bool reciprocal = false;   // display = 1 / value
  bool inverseKind = false;  // the map's own values grow towards the camera
  bool flip = false;         // position = 1 - linear position
  double dlo = 0.0, dhi = 1.0;
  float lo = 0.0f, invSpan = 1.0f;

  ValueMapping(DepthKind kind, const ColormapOptions& o) {
    inverseKind = isInverse(kind);
    reciprocal = usesReciprocalScale(kind, o.scale);
    const bool displayIsInverse = inverseKind != reciprocal;
    flip = (o.nearIsHigh != displayIsInverse) != o.reverse;
  }

  // NaN where the value has no place on the scale. Inverse depth 0 is a point at infinity: it goes
  // to +inf depth, which clamps to the far end.
  float display(float v) const {
    if (!reciprocal) return v;
    if (v > 0.0f) return 1.0f / v;
    if (v == 0.0f && inverseKind) return std::numeric_limits<float>::infinity();
    return kNaN;
  }

  void setDisplayRange(double a, double b) {
    dlo = a;
    dhi = b;
    lo = float(a);
    invSpan = float(1.0 / (b - a));
  }

  // Position in [0, 1] of a display value; NaN stays NaN.
  float position(float x) const {
    float t = (x - lo) * invSpan;
    t = t < 0.0f ? 0.0f : (t > 1.0f ? 1.0f : t);  // NaN falls through both tests unchanged
    return flip ? 1.0f - t : t;
  }

  ColorRange nativeRange() const {
    if (reciprocal) return {1.0 / dhi, 1.0 / dlo};
    return {dlo, dhi};
  }
};

// A constant map (or a range too narrow to divide by) gets a small range around its value, so its
// pixels land mid-map instead of dividing by zero.
void widenIfDegenerate(double& a, double& b) {
  const double scale = std::max({1.0, std::abs(a), std::abs(b)});
  if (b - a > 1e-9 * scale) return;
  const double mid = 0.5 * (a + b);
  const double pad = mid != 0.0 ? 0.005 * std::abs(mid) : 0.5;
  a = mid - pad;
  b = mid + pad;
}

// Display-space range of the valid values under the options.
void computeDisplayRange(const DepthMap& depth, const ColormapOptions& o, ValueMapping& m) {
  double a = 0.0, b = 0.0;
  bool any = false;
  const auto& values = depth.values();
  const auto& valid = depth.validMask();
  const size_t n = values.size();
  if (o.range == RangeMode::Manual) {
    const float x = m.display(float(o.lo)), y = m.display(float(o.hi));
    if (!std::isfinite(x) || !std::isfinite(y)) {
      std::ostringstream s;
      s << "colormap options: manual range [" << o.lo << ", " << o.hi
        << "] must be positive to colour a " << toString(depth.kind()) << " map on the "
        << toString(o.scale) << " scale";
      throw Error(s.str());
    }
    a = std::min(x, y);
    b = std::max(x, y);
    any = true;
  } else if (o.range == RangeMode::Auto) {
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (size_t i = 0; i < n; ++i) {
      if (!valid[i]) continue;
      const float x = m.display(values[i]);
      if (!std::isfinite(x)) continue;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    any = lo <= hi;
    a = lo;
    b = hi;
  } else {
    std::vector<float> v;
    v.reserve(depth.validCount());
    for (size_t i = 0; i < n; ++i) {
      if (!valid[i]) continue;
      const float x = m.display(values[i]);
      if (std::isfinite(x)) v.push_back(x);
    }
    if (!v.empty()) {
      // Nearest rank, as DepthMap::validQuantile. A reciprocal scale reverses the order, which
      // nearest rank handles symmetrically, so the choice of space does not move the range.
      auto rank = [&](double pct) { return size_t(pct / 100.0 * double(v.size() - 1) + 0.5); };
      const size_t kLo = rank(o.lowPercentile), kHi = rank(o.highPercentile);
      std::nth_element(v.begin(), v.begin() + long(kLo), v.end());
      a = v[kLo];
      std::nth_element(v.begin() + long(kLo), v.begin() + long(kHi), v.end());
      b = v[kHi];
      any = true;
    }
  }
  if (!any) {
    // Nothing to show: any harmless range (every pixel takes the invalid colour anyway).
    a = m.reciprocal ? 1.0 : 0.0;
    b = m.reciprocal ? 2.0 : 1.0;
  }
  widenIfDegenerate(a, b);
  m.setDisplayRange(a, b);
}

}  // namespace

Colormap::Colormap(ColormapName name) : name_(name) {
  const int cvMap = openCvMap(name);
  if (cvMap < 0) {
    for (int i = 0; i < kEntries; ++i)
      for (int c = 0; c < 3; ++c)
        table_[size_t(i) * 3 + c] = float(i);
    return;
  }
  cv::Mat ramp(1, kEntries, CV_8UC1);
  for (int i = 0; i < kEntries; ++i)
    ramp.at<uint8_t>(0, i) = uint8_t(i);
  cv::Mat bgr;
  cv::applyColorMap(ramp, bgr, cvMap);
  for (int i = 0; i < kEntries; ++i) {
    const cv::Vec3b px = bgr.at<cv::Vec3b>(0, i);
    for (int c = 0; c < 3; ++c)
      table_[size_t(i) * 3 + c] = float(px[2 - c]);  // OpenCV gives BGR
  }
}

const Colormap& Colormap::get(ColormapName name) {
  // A function-local static is initialised once, thread-safely (C++11).
  static const std::array<Colormap, 4> maps{
      Colormap(ColormapName::Turbo), Colormap(ColormapName::Viridis),
      Colormap(ColormapName::Inferno), Colormap(ColormapName::Gray)};
  switch (name) {
    case ColormapName::Turbo:
      return maps[0];
    case ColormapName::Viridis:
      return maps[1];
    case ColormapName::Inferno:
      return maps[2];
    case ColormapName::Gray:
      return maps[3];
  }
  return maps[0];
}

std::array<uint8_t, 3> Colormap::entry(int i) const {
  i = std::clamp(i, 0, kEntries - 1);
  const float* e = &table_[size_t(i) * 3];
  return {uint8_t(e[0]), uint8_t(e[1]), uint8_t(e[2])};
}

std::array<float, 3> Colormap::sample(double t) const {
  const float tc = std::isfinite(t) ? float(std::clamp(t, 0.0, 1.0)) : 0.0f;
  std::array<float, 3> rgb{};
  sampleInto(tc, rgb.data());
  return rgb;
}

bool usesReciprocalScale(DepthKind kind, ColorScale scale) {
  const bool inverse = isInverse(kind);
  return (scale == ColorScale::Depth && inverse) || (scale == ColorScale::InverseDepth && !inverse);
}

ColorRange colorRange(const DepthMap& depth, const ColormapOptions& options) {
  options.check();
  ValueMapping m(depth.kind(), options);
  computeDisplayRange(depth, options, m);
  return m.nativeRange();
}

double colorPosition(double value, DepthKind kind, const ColormapOptions& options,
                     const ColorRange& range) {
  ValueMapping m(kind, options);
  const float a = m.display(float(range.lo)), b = m.display(float(range.hi));
  if (!std::isfinite(a) || !std::isfinite(b) || !(range.lo < range.hi)) {
    std::ostringstream s;
    s << "colour range [" << range.lo << ", " << range.hi << "] cannot be used on the "
      << toString(options.scale) << " scale of a " << toString(kind) << " map";
    throw Error(s.str());
  }
  m.setDisplayRange(std::min(a, b), std::max(a, b));
  return m.position(m.display(float(value)));
}

Image colorize(const DepthMap& depth, const ColormapOptions& options, ColorRange* used) {
  options.check();
  ValueMapping m(depth.kind(), options);
  computeDisplayRange(depth, options, m);
  if (used) *used = m.nativeRange();

  const Colormap& map = Colormap::get(options.map);
  Image out(depth.width(), depth.height(), 3);
  float* px = out.pixels().data();
  const float* values = depth.values().data();
  const uint8_t* valid = depth.validMask().data();
  const std::array<float, 3> bad = options.invalidColor;
  const size_t n = depth.pixelCount();
  for (size_t i = 0; i < n; ++i, px += 3) {
    const float t = valid[i] ? m.position(m.display(values[i])) : kNaN;
    if (!std::isnan(t)) {
      map.sampleInto(t, px);
    } else {
      px[0] = bad[0];
      px[1] = bad[1];
      px[2] = bad[2];
    }
  }
  return out;
}

}  // namespace ds
