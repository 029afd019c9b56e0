#include "core/stereo/DisparityHoleFilling.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core/utility.hpp>
#include <vector>

#include "core/util/Error.h"

namespace ds {

void DisparityFillOptions::check() const {
  if (radius < 1 || radius > 50)
    throw Error("hole filling: radius must lie in [1, 50] px (got " + std::to_string(radius) + ")");
  if (!(sigmaSpacePx > 0)) throw Error("hole filling: sigmaSpacePx must be positive");
  if (!(sigmaColour > 0)) throw Error("hole filling: sigmaColour must be positive");
  if (!(minAgreement >= 0 && minAgreement <= 1))
    throw Error("hole filling: minAgreement must lie in [0, 1]");
  if (!(sameSurfacePx >= 0)) throw Error("hole filling: sameSurfacePx must not be negative");
}

namespace {

// Scanline guess for every fillable hole: interpolation between two neighbours on one surface,
// otherwise the farther (smaller-disparity) neighbour. Marks the guessed pixels in `hole`.
void guessFromScanlines(const DepthMap& d, double samePx, std::vector<float>& guess,
                        std::vector<uint8_t>& hole) {
  const int w = d.width(), h = d.height();
  std::vector<int> nextValid(size_t(w) + 1);
  for (int y = 0; y < h; ++y) {
    nextValid[size_t(w)] = -1;
    for (int x = w - 1; x >= 0; --x)
      nextValid[size_t(x)] = d.isValid(x, y) ? x : nextValid[size_t(x) + 1];
    int lastValid = -1;
    for (int x = 0; x < w; ++x) {
      const size_t i = size_t(y) * size_t(w) + size_t(x);
      if (d.isValid(x, y)) {
        lastValid = x;
        continue;
      }
      if (lastValid < 0) continue;  // left border: nothing in the right view to match
      const float a = d.at(lastValid, y);
      const int xr = nextValid[size_t(x)];
      float v = a;
      if (xr >= 0) {
        const float b = d.at(xr, y);
        if (std::abs(a - b) <= samePx)
          v = a + (b - a) * float(x - lastValid) / float(xr - lastValid);
        else
          v = std::min(a, b);
      }
      guess[i] = v;
      hole[i] = 1;
    }
  }
}

// Colour-weighted median over the neighbourhood of each hole, accepted where it agrees.
struct MedianFill {
  int w = 0, h = 0, r = 0, ch = 0, base = 0, bins = 0;
  double minAgreement = 0;
  const std::vector<uint8_t>* hole = nullptr;
  const std::vector<float>* guess = nullptr;
  std::vector<int> vote;  // bin of each pixel's vote, -1 = none
  std::vector<float> spatial, colour;
  std::vector<uint8_t> guide;
  std::vector<float> out;  // written per pixel, one row per task: no two tasks share a pixel
  std::vector<uint8_t> outValid;

  // `weight` is a zeroed histogram of `bins` entries; it is left zeroed.
  void fillRow(int y, std::vector<double>& weight) {
    const int side = 2 * r + 1;
    for (int x = 0; x < w; ++x) {
      const size_t i = size_t(y) * size_t(w) + size_t(x);
      if (!(*hole)[i]) continue;
      const uint8_t* c0 = &guide[i * size_t(ch)];
      double total = 0;
      int bLo = bins, bHi = -1;
      for (int j = std::max(-r, -y); j <= std::min(r, h - 1 - y); ++j) {
        const size_t row = size_t(ptrdiff_t(i) + ptrdiff_t(j) * w);
        const float* sp = &spatial[size_t((j + r) * side + r)];
        for (int k = std::max(-r, -x); k <= std::min(r, w - 1 - x); ++k) {
          const size_t n = size_t(ptrdiff_t(row) + k);
          const int b = vote[n];
          if (b < 0) continue;
          const uint8_t* c = &guide[n * size_t(ch)];
          int dc = 0;
          for (int q = 0; q < ch; ++q)
            dc += (int(c[q]) - int(c0[q])) * (int(c[q]) - int(c0[q]));
          const double wgt = double(sp[k]) * colour[size_t(dc)];
          weight[size_t(b)] += wgt;
          total += wgt;
          bLo = std::min(bLo, b);
          bHi = std::max(bHi, b);
        }
      }
      if (bHi < 0) continue;
      int m = bLo;
      double below = 0;  // weight in the bins before m
      for (; m < bHi; ++m) {
        if (below + weight[size_t(m)] >= 0.5 * total) break;
        below += weight[size_t(m)];
      }
      double near = 0;
      for (int b = std::max(bLo, m - 1); b <= std::min(bHi, m + 1); ++b)
        near += weight[size_t(b)];
      const double inBin = weight[size_t(m)];
      std::fill(weight.begin() + bLo, weight.begin() + bHi + 1, 0.0);
      if (!(total > 0) || near < minAgreement * total) continue;
      // The scanline guess keeps its sub-pixel value (a slanted gap, an exact background) where
      // the neighbourhood agrees with it; elsewhere the median, interpolated inside its bin.
      const double median = base + m - 0.5 + (0.5 * total - below) / inBin;
      out[i] = std::abs((*guess)[i] - median) <= 1.0 ? (*guess)[i] : float(median);
      outValid[i] = 1;
    }
  }
};

}  // namespace

size_t fillDisparityHoles(DepthMap& disparity, const Image& leftGuide,
                          const DisparityFillOptions& options, const CancelToken& cancel) {
  options.check();
  const int w = disparity.width(), h = disparity.height();
  if (leftGuide.width() != w || leftGuide.height() != h)
    throw Error("hole filling: the guide image (" + std::to_string(leftGuide.width()) + "x" +
                std::to_string(leftGuide.height()) + ") differs in size from the disparity map (" +
                std::to_string(w) + "x" + std::to_string(h) + ")");
  if (disparity.validCount() == 0) return 0;

  std::vector<float> guess = disparity.values();
  std::vector<uint8_t> hole(disparity.pixelCount(), 0);
  guessFromScanlines(disparity, options.sameSurfacePx, guess, hole);

  // Every pixel's vote: its disparity if valid, its scanline guess if a hole, else none (-1),
  // binned at 1 px over the valid range.
  const auto [lo, hi] = disparity.validRange();
  MedianFill f;
  f.w = w;
  f.h = h;
  f.base = int(std::floor(lo)) - 1;
  f.bins = int(std::ceil(hi)) - f.base + 2;
  f.hole = &hole;
  f.guess = &guess;
  f.vote.assign(disparity.pixelCount(), -1);
  for (size_t i = 0; i < f.vote.size(); ++i) {
    if (!disparity.validMask()[i] && !hole[i]) continue;
    const float v = disparity.validMask()[i] ? disparity.values()[i] : guess[i];
    f.vote[i] = std::clamp(int(std::lround(v)) - f.base, 0, f.bins - 1);
  }
  f.r = options.radius;
  const int side = 2 * f.r + 1;
  f.spatial.resize(size_t(side) * size_t(side));
  for (int j = -f.r; j <= f.r; ++j)
    for (int i = -f.r; i <= f.r; ++i)
      f.spatial[size_t((j + f.r) * side + i + f.r)] =
          float(std::exp(-(i * i + j * j) / (2.0 * options.sigmaSpacePx * options.sigmaSpacePx)));
  // Colour weights indexed by the squared 8-bit difference summed over channels.
  f.ch = leftGuide.channels();
  f.guide = leftGuide.toBytes();
  const double s255 = options.sigmaColour * 255.0;
  f.colour.resize(size_t(f.ch) * 255 * 255 + 1);
  for (size_t k = 0; k < f.colour.size(); ++k)
    f.colour[k] = float(std::exp(-double(k) / (2 * s255 * s255)));
  f.minAgreement = options.minAgreement;
  f.out = disparity.values();
  f.outValid = disparity.validMask();

  // Rows are independent: run blocks of them on OpenCV's thread pool, checking cancel between.
  const int block = 32;
  for (int y0 = 0; y0 < h; y0 += block) {
    cancel.throwIfCancelled();
    const int y1 = std::min(h, y0 + block);
    cv::parallel_for_(cv::Range(y0, y1), [&f](const cv::Range& rows) {
      std::vector<double> weight(size_t(f.bins), 0.0);
      for (int y = rows.start; y < rows.end; ++y)
        f.fillRow(y, weight);
    });
  }
  const size_t before = disparity.validCount();
  disparity = DepthMap(w, h, disparity.kind(), std::move(f.out), std::move(f.outValid));
  return disparity.validCount() - before;
}

}  // namespace ds
