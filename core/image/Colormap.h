#pragma once
// Depth colormaps: 256-entry RGB tables taken from OpenCV's applyColorMap (so our pictures match
// what the field's OpenCV- and matplotlib-based tools show), and colorize() which turns a DepthMap
// into an RGB Image under ColormapOptions.
#include <array>
#include <cstdint>

#include "core/image/ColormapOptions.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"

namespace ds {

class Colormap {
 public:
  static constexpr int kEntries = 256;

  // The table for a name; built once on first use (thread-safe) and shared.
  static const Colormap& get(ColormapName name);

  ColormapName name() const { return name_; }
  // Entry i in [0, 255] as 8-bit RGB.
  std::array<uint8_t, 3> entry(int i) const;
  // RGB in [0, 1] at position t in [0, 1] (clamped), linear between entries and rounded to the
  // nearest 1/255 so that an 8-bit copy loses nothing.
  std::array<float, 3> sample(double t) const;
  // The same, writing three floats; t must already lie in [0, 1]. The per-pixel path of colorize.
  void sampleInto(float t, float* rgb) const {
    const float x = t * float(kEntries - 1);
    int i = int(x);
    if (i > kEntries - 2) i = kEntries - 2;
    const float f = x - float(i);
    const float* a = &table_[size_t(i) * 3];
    for (int c = 0; c < 3; ++c)
      rgb[c] = float(int(a[c] + f * (a[c + 3] - a[c]) + 0.5f)) * (1.0f / 255.0f);
  }

 private:
  explicit Colormap(ColormapName name);
  ColormapName name_;
  std::array<float, kEntries * 3> table_{};  // RGB, 0..255
};

// The value range colorize() uses for this map and these options, in the map's own values
// (lo < hi always: a constant map gets a small range around its value, an empty one [0, 1]).
// Throws ds::Error for bad options.
ColorRange colorRange(const DepthMap& depth, const ColormapOptions& options);

// True when `scale` spreads this kind's values as 1/value (a depth map on the inverse-depth scale,
// or an inverse-depth map on the depth scale).
bool usesReciprocalScale(DepthKind kind, ColorScale scale);

// Where a value of a map of this kind falls along the colormap, in [0, 1], when coloured over
// `range` (nearIsHigh, reverse and scale applied); NaN for a value that cannot be shown (e.g. a
// non-positive value on a 1/x scale). Throws ds::Error for a range that cannot be used.
double colorPosition(double value, DepthKind kind, const ColormapOptions& options,
                     const ColorRange& range);

// RGB image of the map: valid pixels coloured by value, invalid ones options.invalidColor. `used`
// receives the range actually used (for the legend and the GUI's range controls). Throws ds::Error
// for bad options (see ColormapOptions::check()).
Image colorize(const DepthMap& depth, const ColormapOptions& options, ColorRange* used = nullptr);

}  // namespace ds
