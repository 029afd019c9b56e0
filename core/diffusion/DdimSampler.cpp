#include "core/diffusion/DdimSampler.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>

namespace ds {

torch::Tensor DdimSampler::step(const StepInput& in, const SamplerOptions& options,
                                const std::function<torch::Tensor()>& noise) const {
  const double at = in.alphaBarT, as = in.alphaBarS;
  const double sigma =
      options.eta * std::sqrt((1.0 - as) / (1.0 - at)) * std::sqrt(std::max(0.0, 1.0 - at / as));
  // Clamped: with eta = 1 the radicand is 0 up to rounding at a zero-SNR start.
  const double direction = std::sqrt(std::max(0.0, 1.0 - as - sigma * sigma));
  torch::Tensor xs = std::sqrt(as) * in.x0 + direction * in.eps;
  if (sigma > 0.0) xs = xs + sigma * noise();
  return xs;
}

}  // namespace ds
