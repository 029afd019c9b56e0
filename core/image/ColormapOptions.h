#pragma once
// How a depth map becomes a colour image: which map, which value range, which end is near. The CLI,
// the GUI's depth view and saved settings all bind to this one struct.
#include <array>
#include <optional>
#include <string>

namespace ds {

enum class ColormapName { Turbo, Viridis, Inferno, Gray };
// Auto: min/max of the valid values. Percentile: low/high percentiles (robust to outliers and
// stray far pixels). Manual: the given lo/hi.
enum class RangeMode { Auto, Percentile, Manual };
// The space in which values are spread linearly over the map. Native colours the map's own values;
// Depth and InverseDepth convert (1/x) when the map is of the other kind, so a depth output and an
// inverse-depth output of the same scene give the same picture, mid-tones included.
enum class ColorScale { Native, Depth, InverseDepth };

// "turbo", "viridis", "inferno", "gray".
std::string toString(ColormapName name);
std::optional<ColormapName> parseColormapName(const std::string& name);
// "auto", "percentile", "manual".
std::string toString(RangeMode mode);
std::optional<RangeMode> parseRangeMode(const std::string& name);
// "native", "depth", "inverse_depth".
std::string toString(ColorScale scale);
std::optional<ColorScale> parseColorScale(const std::string& name);

// The value range a colouring actually used, in the map's own values (metres for metric depth),
// lo < hi. The legend labels it and the GUI's range controls show it.
struct ColorRange {
  double lo = 0.0, hi = 1.0;
};

struct ColormapOptions {
  ColormapName map = ColormapName::Turbo;
  RangeMode range = RangeMode::Percentile;
  // Manual range in the map's own values (metres for metric depth).
  double lo = 0.0, hi = 1.0;
  // Percentile range, in percent.
  double lowPercentile = 2.0, highPercentile = 98.0;
  ColorScale scale = ColorScale::Native;
  // Flip the map end for end (after nearIsHigh).
  bool reverse = false;
  // Near pixels take the high end of the map (turbo: red, viridis: yellow). Near is small for depth
  // kinds and large for inverse-depth kinds, so every kind of output shows near in the same colour.
  bool nearIsHigh = true;
  // RGB in [0, 1] for pixels without a valid value.
  std::array<float, 3> invalidColor{0.0f, 0.0f, 0.0f};

  // Throws ds::Error naming the option and the problem.
  void check() const;
};

}  // namespace ds
