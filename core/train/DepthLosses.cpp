#include "core/train/DepthLosses.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/pooling.h>
#include <torch/utils.h>

namespace ds {

namespace F = torch::nn::functional;

AffineFit fitPositiveScaleShift(const torch::Tensor& pred, const torch::Tensor& target,
                                const torch::Tensor& mask, double minScale) {
  torch::NoGradGuard noGrad;
  const auto m = mask.to(pred.dtype());
  const auto p = pred.detach() * m, t = target.detach() * m;
  const auto n = m.sum({1, 2, 3}, true);
  const auto sp = p.sum({1, 2, 3}, true), st = t.sum({1, 2, 3}, true);
  const auto spp = (p * p).sum({1, 2, 3}, true), spt = (p * t).sum({1, 2, 3}, true);
  const auto det = n * spp - sp * sp;
  const auto ok = (n >= 2) & (det.abs() > 1e-12);
  auto scale = torch::where(ok, (n * spt - sp * st) / torch::where(ok, det, torch::ones_like(det)),
                            torch::ones_like(det));
  scale = scale.clamp_min(minScale);
  const auto shift = torch::where(n >= 1, (st - scale * sp) / n.clamp_min(1), torch::zeros_like(n));
  return {scale, shift};
}

torch::Tensor normalizeMedianMad(const torch::Tensor& x, const torch::Tensor& mask) {
  const int64_t N = x.size(0);
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < N; ++i) {
    const auto xi = x[i];
    const auto mi = mask[i].to(torch::kBool);
    const auto vals = xi.masked_select(mi);
    if (vals.numel() < 2) {
      out.push_back(xi * 0);
      continue;
    }
    const auto med = vals.median().detach();
    const auto mad = (vals - med).abs().mean().detach().clamp_min(1e-6);
    out.push_back((xi - med) / mad);
  }
  return torch::stack(out);
}

torch::Tensor maskedL1(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& mask) {
  const auto m = mask.to(a.dtype());
  return ((a - b).abs() * m).sum() / m.sum().clamp_min(1);
}

torch::Tensor ssiLoss(const torch::Tensor& pred, const torch::Tensor& target,
                      const torch::Tensor& mask) {
  const auto t = normalizeMedianMad(target, mask);
  const AffineFit fit = fitPositiveScaleShift(pred, t, mask);
  return maskedL1(pred * fit.scale + fit.shift, t, mask);
}

torch::Tensor gradientMatchingLoss(const torch::Tensor& pred, const torch::Tensor& target,
                                   const torch::Tensor& mask, int scales) {
  const auto t = normalizeMedianMad(target, mask);
  const AffineFit fit = fitPositiveScaleShift(pred, t, mask);
  auto r = (pred * fit.scale + fit.shift - t);
  auto m = mask.to(pred.dtype());
  auto total = torch::zeros({}, pred.options());
  for (int s = 0; s < scales && r.size(2) >= 4 && r.size(3) >= 4; ++s) {
    const auto rm = r * m;
    const auto gx = (rm.slice(3, 1) - rm.slice(3, 0, -1)).abs() * m.slice(3, 1) * m.slice(3, 0, -1);
    const auto gy = (rm.slice(2, 1) - rm.slice(2, 0, -1)).abs() * m.slice(2, 1) * m.slice(2, 0, -1);
    total = total + (gx.sum() + gy.sum()) / m.sum().clamp_min(1);
    // Next scale: average the residual over 2x2 blocks where all four are valid.
    const auto pooledM = F::avg_pool2d(m, F::AvgPool2dFuncOptions(2));
    r = F::avg_pool2d(r * m, F::AvgPool2dFuncOptions(2)) / pooledM.clamp_min(1e-6);
    m = (pooledM > 0.99).to(pred.dtype());
  }
  return total / scales;
}

}  // namespace ds
