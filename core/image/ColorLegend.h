#pragma once
// A colour-bar legend for a colorized depth map: a vertical bar with five value ticks and a title,
// and the helper that sets it beside the map for exported pictures.
#include <string>
#include <vector>

#include "core/image/ColormapOptions.h"
#include "core/image/DepthKind.h"
#include "core/image/Image.h"

namespace ds {

// RGB legend of width x height on white. The bar's vertical axis runs over `range` (as reported by
// colorize) on the options' scale, larger display values at the top, each row in the colour
// colorize() gives that value. Tick labels are the map's own values: "1.25 m" for metric depth
// (unit, default "m"), plain numbers for relative kinds (unit ignored). Throws ds::Error when the
// size is too small (under 48 x 64) or the range is unusable.
Image colorLegend(const ColormapOptions& options, const ColorRange& range, DepthKind kind,
                  int width, int height, const std::string& unit = "m");

// The legend's five tick labels, top to bottom, and its title ("depth (m)", "relative depth",
// "inverse depth"): for a GUI that draws its own legend with the same wording.
std::vector<std::string> legendTickLabels(const ColormapOptions& options, const ColorRange& range,
                                          DepthKind kind, const std::string& unit = "m");
std::string legendTitle(DepthKind kind, const std::string& unit = "m");

// The colorized map with the legend to its right, top-aligned; a shorter side is padded with
// white. RGB, width = sum of the widths, height = the larger height.
Image withLegend(const Image& colorized, const Image& legend);

}  // namespace ds
