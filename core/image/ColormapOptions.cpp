#include "core/image/ColormapOptions.h"

#include <cmath>
#include <sstream>

#include "core/util/Error.h"

namespace ds {

std::string toString(ColormapName name) {
  switch (name) {
    case ColormapName::Turbo:
      return "turbo";
    case ColormapName::Viridis:
      return "viridis";
    case ColormapName::Inferno:
      return "inferno";
    case ColormapName::Gray:
      return "gray";
  }
  return "turbo";
}

std::optional<ColormapName> parseColormapName(const std::string& name) {
  for (ColormapName n :
       {ColormapName::Turbo, ColormapName::Viridis, ColormapName::Inferno, ColormapName::Gray})
    if (toString(n) == name) return n;
  return std::nullopt;
}

std::string toString(RangeMode mode) {
  switch (mode) {
    case RangeMode::Auto:
      return "auto";
    case RangeMode::Percentile:
      return "percentile";
    case RangeMode::Manual:
      return "manual";
  }
  return "percentile";
}

std::optional<RangeMode> parseRangeMode(const std::string& name) {
  for (RangeMode m : {RangeMode::Auto, RangeMode::Percentile, RangeMode::Manual})
    if (toString(m) == name) return m;
  return std::nullopt;
}

std::string toString(ColorScale scale) {
  switch (scale) {
    case ColorScale::Native:
      return "native";
    case ColorScale::Depth:
      return "depth";
    case ColorScale::InverseDepth:
      return "inverse_depth";
  }
  return "native";
}

std::optional<ColorScale> parseColorScale(const std::string& name) {
  for (ColorScale s : {ColorScale::Native, ColorScale::Depth, ColorScale::InverseDepth})
    if (toString(s) == name) return s;
  return std::nullopt;
}

void ColormapOptions::check() const {
  auto fail = [](const std::string& what) { throw Error("colormap options: " + what); };
  if (range == RangeMode::Manual) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
      std::ostringstream s;
      s << "manual range needs finite lo < hi (got lo = " << lo << ", hi = " << hi << ")";
      fail(s.str());
    }
  }
  if (range == RangeMode::Percentile) {
    if (!(lowPercentile >= 0.0 && highPercentile <= 100.0 && lowPercentile < highPercentile)) {
      std::ostringstream s;
      s << "percentiles must satisfy 0 <= low < high <= 100 (got low = " << lowPercentile
        << ", high = " << highPercentile << ")";
      fail(s.str());
    }
  }
  for (float c : invalidColor)
    if (!(c >= 0.0f && c <= 1.0f)) fail("invalid colour components must lie in [0, 1]");
}

}  // namespace ds
