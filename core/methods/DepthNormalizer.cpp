#include "core/methods/DepthNormalizer.h"

#include <ATen/ATen.h>

#include <limits>
#include <vector>

#include "core/util/Error.h"

namespace ds {

namespace {

// Distance-transform style two-pass propagation of the nearest valid value (city-block metric),
// on the CPU in float: exact enough for infilling and linear in the pixel count.
void infillPlane(float* v, const uint8_t* valid, int w, int h) {
  const int inf = std::numeric_limits<int>::max() / 4;
  std::vector<int> dist(size_t(w) * size_t(h));
  for (size_t i = 0; i < dist.size(); ++i)
    dist[i] = valid[i] ? 0 : inf;
  auto relax = [&](size_t to, size_t from) {
    if (dist[from] + 1 < dist[to]) {
      dist[to] = dist[from] + 1;
      v[to] = v[from];
    }
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = size_t(y) * w + x;
      if (x > 0) relax(i, i - 1);
      if (y > 0) relax(i, i - w);
    }
  for (int y = h - 1; y >= 0; --y)
    for (int x = w - 1; x >= 0; --x) {
      const size_t i = size_t(y) * w + x;
      if (x + 1 < w) relax(i, i + 1);
      if (y + 1 < h) relax(i, i + w);
    }
}

}  // namespace

torch::Tensor DepthNormalizer::infillNearest(const torch::Tensor& values,
                                             const torch::Tensor& valid) {
  TORCH_CHECK(values.dim() == 4 && values.size(1) == 1, "infillNearest expects [N,1,H,W]");
  auto v = values.detach().to(torch::kCPU, torch::kFloat32).contiguous().clone();
  auto m = valid.detach().to(torch::kCPU).to(torch::kUInt8).contiguous();
  const int n = int(v.size(0)), h = int(v.size(2)), w = int(v.size(3));
  for (int i = 0; i < n; ++i) {
    float* plane = v.data_ptr<float>() + size_t(i) * h * w;
    const uint8_t* mask = m.data_ptr<uint8_t>() + size_t(i) * h * w;
    bool any = false;
    for (size_t k = 0; k < size_t(h) * w && !any; ++k)
      any = mask[k] != 0;
    if (any) infillPlane(plane, mask, w, h);
  }
  return v.to(values.device());
}

std::pair<torch::Tensor, DepthNormalization> DepthNormalizer::normalize(const torch::Tensor& values,
                                                                        const torch::Tensor& valid,
                                                                        bool inverse) {
  TORCH_CHECK(values.dim() == 4 && values.size(1) == 1, "normalize expects [N,1,H,W]");
  auto mask = valid.to(torch::kBool);
  auto v = values.to(torch::kFloat32);
  if (!inverse) {
    mask = mask & (v > 0);
    v = torch::where(mask, 1.0 / v.clamp_min(1e-12), torch::zeros_like(v));
  }
  mask = mask & torch::isfinite(v);
  const int64_t n = v.size(0);
  std::vector<float> lows(static_cast<size_t>(n)), highs(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const auto picked = v[i].masked_select(mask[i]).to(torch::kCPU);
    if (picked.numel() < 2) throw Error("depth map has fewer than two valid pixels to normalise");
    const auto q = at::quantile(picked, torch::tensor({0.02, 0.98}, torch::kFloat32));
    lows[size_t(i)] = q[0].item<float>();
    highs[size_t(i)] = q[1].item<float>();
    if (!(highs[size_t(i)] > lows[size_t(i)]))
      throw Error("depth map is constant: it cannot be normalised");
  }
  DepthNormalization stats{torch::tensor(lows).to(v.device()), torch::tensor(highs).to(v.device())};
  const auto lo = stats.low.view({n, 1, 1, 1}), hi = stats.high.view({n, 1, 1, 1});
  auto normalized = ((v - lo) / (hi - lo) * 2.0 - 1.0).clamp(-kClamp, kClamp);
  normalized = torch::where(mask, normalized, torch::zeros_like(normalized));
  return {infillNearest(normalized, mask), stats};
}

torch::Tensor DepthNormalizer::denormalize(const torch::Tensor& normalized,
                                           const DepthNormalization& stats) {
  const int64_t n = normalized.size(0);
  const auto lo = stats.low.view({n, 1, 1, 1}).to(normalized.device());
  const auto hi = stats.high.view({n, 1, 1, 1}).to(normalized.device());
  return (normalized + 1.0) * 0.5 * (hi - lo) + lo;
}

}  // namespace ds
