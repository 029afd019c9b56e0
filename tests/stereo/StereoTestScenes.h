#pragma once
// Synthetic rectified pairs with known disparity for the stereo tests.
#include <cmath>
#include <random>
#include <vector>

#include "core/image/StereoPair.h"

namespace ds::test {

// Smooth random texture (uniform noise, 3x3 box blur), grey values in [0, 1].
inline std::vector<float> texture(int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<float> noise(size_t(w) * size_t(h)), out(noise.size());
  for (float& v : noise)
    v = u(rng);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float s = 0;
      int n = 0;
      for (int j = -1; j <= 1; ++j)
        for (int i = -1; i <= 1; ++i) {
          const int xx = x + i, yy = y + j;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          s += noise[size_t(yy) * size_t(w) + size_t(xx)];
          ++n;
        }
      out[size_t(y) * size_t(w) + size_t(x)] = s / float(n);
    }
  return out;
}

// Linear interpolation of a row-major texture at a fractional column.
inline float sampleRow(const std::vector<float>& t, int tw, int y, double x) {
  const int x0 = int(std::floor(x));
  const float f = float(x - x0);
  const float a = t[size_t(y) * size_t(tw) + size_t(x0)];
  const float b = t[size_t(y) * size_t(tw) + size_t(x0 + 1)];
  return a + (b - a) * f;
}

// A fronto-parallel textured plane at disparity d (may be fractional): left(x) = right(x - d).
inline StereoPair shiftedPair(int w, int h, double d, unsigned seed = 7) {
  const int margin = 64, tw = w + 2 * margin;
  const auto tex = texture(tw, h, seed);
  StereoPair pair;
  pair.left = Image(w, h, 1);
  pair.right = Image(w, h, 1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      pair.left.at(x, y) = sampleRow(tex, tw, y, x + margin);
      pair.right.at(x, y) = sampleRow(tex, tw, y, x + margin + d);
    }
  return pair;
}

// A background plane at disparity 8 and a foreground square at disparity 24 occupying left-image
// columns [fgX0, fgX1) and rows [fgY0, fgY1). The background in left columns [fgX0 - 16, fgX0) is
// hidden from the right camera by the square (an occlusion 24 - 8 = 16 px wide).
struct OcclusionScene {
  static constexpr int w = 240, h = 160, bg = 8, fg = 24;
  static constexpr int fgX0 = 110, fgX1 = 170, fgY0 = 40, fgY1 = 120;
  static bool inSquare(int xLeft, int y) {
    return xLeft >= fgX0 && xLeft < fgX1 && y >= fgY0 && y < fgY1;
  }
  static StereoPair pair() {
    const auto back = texture(w + 64, h, 11), front = texture(w + 64, h, 23);
    auto b = [&](int x, int y) { return back[size_t(y) * size_t(w + 64) + size_t(x)]; };
    auto f = [&](int x, int y) {
      return 0.5f + 0.5f * front[size_t(y) * size_t(w + 64) + size_t(x)];
    };
    StereoPair p;
    p.left = Image(w, h, 1);
    p.right = Image(w, h, 1);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        p.left.at(x, y) = inSquare(x, y) ? f(x, y) : b(x, y);
        // The right view sees the surface whose left-image column is x + disparity.
        p.right.at(x, y) = inSquare(x + fg, y) ? f(x + fg, y) : b(x + bg, y);
      }
    return p;
  }
};

}  // namespace ds::test
