#include "core/image/ColorLegend.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <opencv2/imgproc.hpp>

#include "core/image/Colormap.h"
#include "core/image/OpenCvBridge.h"
#include "core/util/Error.h"

namespace ds {

namespace {

constexpr int kMinWidth = 48, kMinHeight = 64, kTicks = 5;
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

// Enough decimals to tell neighbouring ticks apart, no more; %g for magnitudes where fixed
// decimals would be unreadable (relative outputs can be in the thousands or the thousandths).
std::vector<std::string> formatTicks(const std::array<double, kTicks>& v,
                                     const std::string& suffix) {
  double step = std::numeric_limits<double>::infinity(), biggest = 0.0;
  for (int i = 0; i < kTicks; ++i) {
    biggest = std::max(biggest, std::abs(v[i]));
    if (i > 0 && v[i] != v[i - 1]) step = std::min(step, std::abs(v[i] - v[i - 1]));
  }
  const bool general = biggest >= 1e5 || (std::isfinite(step) && step < 1e-4);
  const int decimals =
      std::isfinite(step) ? std::clamp(1 - int(std::floor(std::log10(step))), 0, 4) : 2;
  std::vector<std::string> out;
  char buf[64];
  for (double x : v) {
    if (general)
      std::snprintf(buf, sizeof buf, "%.3g", x);
    else
      std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    std::string s = buf;
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // "-0.00"
    out.push_back(s + suffix);
  }
  return out;
}

// The bar's axis: display space (where colours spread linearly), s in [0, 1] from the bottom,
// mapped back to the map's own values for the labels.
struct BarAxis {
  bool reciprocal;
  double dlo, dhi;
  BarAxis(const ColormapOptions& options, const ColorRange& range, DepthKind kind) {
    options.check();
    if (!std::isfinite(range.lo) || !std::isfinite(range.hi) || !(range.lo < range.hi))
      throw Error("colour legend: the value range needs finite lo < hi");
    colorPosition(range.lo, kind, options, range);  // throws when the scale cannot use the range
    reciprocal = usesReciprocalScale(kind, options.scale);
    dlo = reciprocal ? 1.0 / range.hi : range.lo;
    dhi = reciprocal ? 1.0 / range.lo : range.hi;
  }
  double nativeAt(double s) const {
    const double x = dlo + s * (dhi - dlo);
    return reciprocal ? 1.0 / x : x;
  }
};

std::string unitOrMetres(const std::string& unit) {
  return unit.empty() ? "m" : unit;
}

// Largest font scale in [0.3, start] at which the widest text fits in `width` pixels.
double fitScale(const std::vector<std::string>& texts, double start, int width) {
  double scale = start;
  for (; scale > 0.3; scale -= 0.05) {
    int widest = 0, baseline = 0;
    for (const auto& t : texts)
      widest = std::max(widest, cv::getTextSize(t, kFont, scale, 1, &baseline).width);
    if (widest <= width) break;
  }
  return std::max(scale, 0.3);
}

}  // namespace

std::vector<std::string> legendTickLabels(const ColormapOptions& options, const ColorRange& range,
                                          DepthKind kind, const std::string& unit) {
  const BarAxis axis(options, range, kind);
  std::array<double, kTicks> values{};
  for (int i = 0; i < kTicks; ++i)
    values[size_t(i)] = axis.nativeAt(1.0 - double(i) / (kTicks - 1));
  return formatTicks(values, kind == DepthKind::MetricDepth ? " " + unitOrMetres(unit) : "");
}

std::string legendTitle(DepthKind kind, const std::string& unit) {
  switch (kind) {
    case DepthKind::MetricDepth:
      return "depth (" + unitOrMetres(unit) + ")";
    case DepthKind::RelativeDepth:
      return "relative depth";
    case DepthKind::RelativeInverseDepth:
      return "inverse depth";
  }
  return "depth";
}

Image colorLegend(const ColormapOptions& options, const ColorRange& range, DepthKind kind,
                  int width, int height, const std::string& unit) {
  if (width < kMinWidth || height < kMinHeight)
    throw Error("colour legend needs at least " + std::to_string(kMinWidth) + " x " +
                std::to_string(kMinHeight) + " pixels, got " + std::to_string(width) + " x " +
                std::to_string(height));
  const BarAxis axis(options, range, kind);
  const std::vector<std::string> labels = legendTickLabels(options, range, kind, unit);
  const std::string title = legendTitle(kind, unit);

  const int margin = std::max(4, height / 40);
  const int barWidth = std::clamp(width / 5, 8, 40);
  const int barX = margin, tickX = barX + barWidth + 1, labelX = tickX + 7;
  const double start = std::clamp(height / 600.0, 0.35, 0.7);
  const double labelScale = fitScale(labels, start, width - labelX - 2);
  const double titleScale = fitScale({title}, start * 1.1, width - 2 * margin);
  int baseline = 0;
  const cv::Size titleSize = cv::getTextSize(title, kFont, titleScale, 1, &baseline);
  const cv::Size labelSize = cv::getTextSize("0", kFont, labelScale, 1, &baseline);

  // Bar ends sit half a label below the title and above the bottom edge, so end labels fit.
  const int barTop = margin + titleSize.height + baseline + margin + labelSize.height / 2;
  const int barBottom = height - 1 - margin - labelSize.height / 2;
  if (barBottom - barTop < 8)
    throw Error("colour legend of height " + std::to_string(height) +
                " leaves no room for the bar; make it taller");

  cv::Mat canvas(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
  const Colormap& map = Colormap::get(options.map);
  const cv::Scalar ink(0, 0, 0), frame(90, 90, 90);
  cv::rectangle(canvas, cv::Point(barX - 1, barTop - 1), cv::Point(barX + barWidth, barBottom + 1),
                frame, 1);
  for (int y = barTop; y <= barBottom; ++y) {
    const double s = double(barBottom - y) / double(barBottom - barTop);
    const auto rgb = map.sample(colorPosition(axis.nativeAt(s), kind, options, range));
    const cv::Scalar bgr(std::lround(rgb[2] * 255.0f), std::lround(rgb[1] * 255.0f),
                         std::lround(rgb[0] * 255.0f));
    cv::line(canvas, cv::Point(barX, y), cv::Point(barX + barWidth - 1, y), bgr, 1);
  }
  for (int i = 0; i < kTicks; ++i) {  // labels run top to bottom
    const int y = barTop + int(std::lround(double(i) / (kTicks - 1) * (barBottom - barTop)));
    cv::line(canvas, cv::Point(tickX, y), cv::Point(tickX + 3, y), ink, 1);
    cv::putText(canvas, labels[size_t(i)], cv::Point(labelX, y + labelSize.height / 2), kFont,
                labelScale, ink, 1, cv::LINE_AA);
  }
  cv::putText(canvas, title, cv::Point(margin, margin + titleSize.height), kFont, titleScale, ink,
              1, cv::LINE_AA);
  return imageFromMat(canvas);
}

Image withLegend(const Image& colorized, const Image& legend) {
  const Image left = colorized.toRgb(), right = legend.toRgb();
  const int w = left.width() + right.width(), h = std::max(left.height(), right.height());
  // The shorter side sits at the top on a white background (a small map next to a readable legend).
  Image out(w, h, 3, std::vector<float>(size_t(w) * size_t(h) * 3, 1.0f));
  const size_t lrow = size_t(left.width()) * 3, rrow = size_t(right.width()) * 3;
  for (int y = 0; y < h; ++y) {
    float* dst = out.pixels().data() + size_t(y) * size_t(w) * 3;
    if (y < left.height()) std::copy_n(left.pixels().data() + size_t(y) * lrow, lrow, dst);
    if (y < right.height()) std::copy_n(right.pixels().data() + size_t(y) * rrow, rrow, dst + lrow);
  }
  return out;
}

}  // namespace ds
