#pragma once
// A rectified stereo pair with a known answer: a random texture seen by two cameras looking at a
// fronto-parallel plane, so every pixel has disparity d (left(x) = right(x - d)).
#include <cmath>
#include <random>

#include "core/image/Image.h"

namespace ds::test {

inline Image texturedImage(int width, int height, unsigned seed, double shift = 0.0) {
  // Sum of random blobs: smooth enough for block matching to find, unique enough not to repeat.
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  struct Blob {
    double x, y, r, a;
  };
  std::vector<Blob> blobs(size_t(width * height / 40));
  for (auto& b : blobs)
    b = {u(rng) * (width + 40) - 20, u(rng) * height, 1.5 + 3 * u(rng), u(rng) - 0.5};
  Image img(width, height, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      double v = 0.5;
      const double sx = x + shift;  // the right view sees the scene shifted by the disparity
      for (const auto& b : blobs) {
        const double dx = sx - b.x, dy = y - b.y;
        if (std::abs(dx) > 3 * b.r || std::abs(dy) > 3 * b.r) continue;
        v += b.a * std::exp(-(dx * dx + dy * dy) / (2 * b.r * b.r));
      }
      v = std::clamp(v, 0.0, 1.0);
      for (int c = 0; c < 3; ++c)
        img.at(x, y, c) = float(v * (0.8 + 0.1 * c));
    }
  return img;
}

// left(x) = right(x - d): the right image at x shows what the left shows at x + d.
inline std::pair<Image, Image> planePair(int width, int height, double disparity,
                                         unsigned seed = 5) {
  return {texturedImage(width, height, seed), texturedImage(width, height, seed, disparity)};
}

}  // namespace ds::test
