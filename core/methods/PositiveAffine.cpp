#include "core/methods/PositiveAffine.h"

#include <ATen/ATen.h>

namespace ds {

torch::Tensor positiveAffine(const torch::Tensor& x) {
  const auto flat = x.flatten(1);
  const auto finite = torch::isfinite(flat);
  const auto big = torch::full_like(flat, 3.0e38);
  const auto lo = torch::where(finite, flat, big).amin(1, true);
  const auto hi = torch::where(finite, flat, -big).amax(1, true);
  const auto range = (hi - lo).clamp_min(1e-12);
  const auto mapped =
      torch::where(hi > lo, (flat - lo) / range + 0.05, torch::full_like(flat, 0.55));
  return mapped.view_as(x);
}

}  // namespace ds
