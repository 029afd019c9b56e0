#include "core/methods/EnsembleReducer.h"

#include <ATen/ATen.h>

namespace ds {

std::string toString(EnsembleReduction reduction) {
  return reduction == EnsembleReduction::Median ? "median" : "mean";
}

std::optional<EnsembleReduction> parseEnsembleReduction(const std::string& name) {
  if (name == "median") return EnsembleReduction::Median;
  if (name == "mean") return EnsembleReduction::Mean;
  return std::nullopt;
}

EnsembleResult EnsembleReducer::reduce(const torch::Tensor& members, EnsembleReduction reduction) {
  TORCH_CHECK(members.dim() == 4 && members.size(1) == 1, "ensemble members must be [N,1,H,W]");
  const int64_t n = members.size(0);
  if (n == 1) return {members, torch::zeros_like(members), members};
  const auto reference = std::get<0>(members.median(0, /*keepdim=*/true));
  // Per-member least squares s*m + b ~ reference; a non-positive scale keeps the member as is.
  const auto m = members.flatten(1), r = reference.flatten(1);
  const auto mMean = m.mean(1, true), rMean = r.mean(1, true);
  const auto cov = ((m - mMean) * (r - rMean)).mean(1, true);
  const auto var = (m - mMean).pow(2).mean(1, true);
  auto scale = cov / var.clamp_min(1e-12);
  const auto usable = (scale > 0) & (var > 1e-12);
  scale = torch::where(usable, scale, torch::ones_like(scale));
  const auto shift = torch::where(usable, rMean - scale * mMean, torch::zeros_like(mMean));
  const auto aligned = (m * scale + shift).view_as(members);
  const auto combined = reduction == EnsembleReduction::Median
                            ? std::get<0>(aligned.median(0, true))
                            : aligned.mean(0, true);
  return {combined, aligned.std(0, /*unbiased=*/true, /*keepdim=*/true), aligned};
}

}  // namespace ds
