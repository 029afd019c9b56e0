#pragma once
// Denoisers with a known answer: for data x0 ~ sum_k w_k N(mu_k, sigma_k^2) (independently per
// element) the minimum-error estimate E[x0 | x_t] is analytic, so a sampler driven by it must
// reproduce the data distribution. Computed in float64; output float32 in the requested type.
#include <torch/types.h>

#include <cmath>
#include <vector>

#include "core/diffusion/NoiseSchedule.h"
#include "core/diffusion/PredictionConversion.h"
#include "core/diffusion/SamplerOptions.h"

namespace ds::test {

struct GaussianComponent {
  double weight, mean, std;
};

// E[x0 | x_t] per element; alphaBar float64 [N] (one per batch element). Each component's x_t
// marginal is N(sqrt(a) mu, a sigma^2 + 1 - a); its posterior mean is
// mu + sqrt(a) sigma^2 / (a sigma^2 + 1 - a) (x_t - sqrt(a) mu); responsibilities weight them.
inline torch::Tensor posteriorMean(const std::vector<GaussianComponent>& mixture,
                                   const torch::Tensor& xt, const torch::Tensor& alphaBar) {
  const torch::Tensor x = xt.to(torch::kFloat64);
  std::vector<int64_t> shape(size_t(x.dim()), 1);
  shape[0] = x.size(0);
  const torch::Tensor a = alphaBar.to(torch::kFloat64).reshape(shape);
  std::vector<torch::Tensor> logResp, means;
  if (mixture.size() == 1) {  // one Gaussian: no responsibilities to weigh
    const GaussianComponent& c = mixture.front();
    const torch::Tensor var = a * (c.std * c.std) + (1.0 - a);
    return c.mean + a.sqrt() * (c.std * c.std) / var * (x - a.sqrt() * c.mean);
  }
  for (const GaussianComponent& c : mixture) {
    const torch::Tensor var = a * (c.std * c.std) + (1.0 - a);
    const torch::Tensor centred = x - a.sqrt() * c.mean;
    logResp.push_back(std::log(c.weight) - 0.5 * var.log() - centred.square() / (2.0 * var));
    means.push_back(c.mean + a.sqrt() * (c.std * c.std) / var * centred);
  }
  const torch::Tensor resp = torch::softmax(torch::stack(logResp), 0);
  return (resp * torch::stack(means)).sum(0);
}

// The model that a perfectly trained network of prediction type `type` would be.
inline Denoiser idealDenoiser(const NoiseSchedule& schedule, std::vector<GaussianComponent> mixture,
                              PredictionType type) {
  const torch::Tensor table = schedule.alphaBarTensor();
  return [table, mixture, type](const torch::Tensor& xt, const torch::Tensor& t) {
    const torch::Tensor a = table.index_select(0, t.to(torch::kCPU));
    const torch::Tensor x = xt.to(torch::kFloat64);
    const torch::Tensor x0 = posteriorMean(mixture, x, a);
    const torch::Tensor eps = predictedNoise(PredictionType::Sample, x0, x, a);
    return predictionTarget(type, x0, eps, a).to(torch::kFloat32);
  };
}

// Mean and variance of all elements, in float64.
struct Moments {
  double mean = 0, variance = 0;
};
inline Moments momentsOf(const torch::Tensor& x) {
  const torch::Tensor d = x.to(torch::kFloat64).reshape({-1});
  return {d.mean().item<double>(), d.var().item<double>()};
}

}  // namespace ds::test
