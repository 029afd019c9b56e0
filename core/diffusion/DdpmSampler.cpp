#include "core/diffusion/DdpmSampler.h"

#include <torch/types.h>

#include <cmath>

namespace ds {

torch::Tensor DdpmSampler::step(const StepInput& in, const SamplerOptions&,
                                const std::function<torch::Tensor()>& noise) const {
  const double at = in.alphaBarT, as = in.alphaBarS;
  const double alpha = at / as, beta = 1.0 - alpha;
  const double x0Coefficient = std::sqrt(as) * beta / (1.0 - at);
  const double xtCoefficient = std::sqrt(alpha) * (1.0 - as) / (1.0 - at);
  const double variance = (1.0 - as) / (1.0 - at) * beta;
  torch::Tensor xs = x0Coefficient * in.x0 + xtCoefficient * in.xt;
  if (variance > 0.0) xs = xs + std::sqrt(variance) * noise();
  return xs;
}

}  // namespace ds
