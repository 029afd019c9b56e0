#include "core/nn/SpectralNormConv2d.h"

#include <torch/nn/functional/conv.h>
#include <torch/nn/functional/padding.h>
#include <torch/nn/init.h>
#include <torch/utils.h>

#include <cmath>
#include <sstream>

#include "core/util/Error.h"

namespace ds {

namespace F = torch::nn::functional;

namespace {

constexpr int kInitialPowerSteps = 10;
constexpr double kTiny = 1e-20;  // below this a vector is treated as zero (zero weight)
constexpr double kPi = 3.14159265358979323846;

std::string shapeOf(const torch::Tensor& t) {
  std::ostringstream s;
  s << t.sizes();
  return s.str();
}

// 1/sqrt(1 − τ²/2) with τ = 2p(π/N + π/N): see the header.
double gridCorrectionFor(int kernel, int grid) {
  const int p = kernel / 2;
  if (p == 0) return 1.0;
  const double tau = 2.0 * p * (2.0 * kPi / grid);
  return 1.0 / std::sqrt(1.0 - 0.5 * tau * tau);
}

torch::Tensor unitNorm(const torch::Tensor& x) {
  return x / x.norm().clamp_min(kTiny);
}

}  // namespace

SpectralNormConv2dImpl::SpectralNormConv2dImpl(int inChannels, int outChannels, int kernel,
                                               double lipschitz, int powerGridSize)
    : in_(inChannels), kernel_(kernel), pad_(kernel / 2), lipschitz_(lipschitz) {
  if (inChannels < 1 || outChannels < 1)
    throw Error("spectral-norm conv: channel counts must be at least 1 (got in " +
                std::to_string(inChannels) + ", out " + std::to_string(outChannels) + ")");
  if (kernel != 1 && kernel != 3)
    throw Error("spectral-norm conv: kernel must be 1 or 3 (got " + std::to_string(kernel) + ")");
  if (!(lipschitz > 0.0) || !std::isfinite(lipschitz))
    throw Error("spectral-norm conv: Lipschitz bound must be a positive number (got " +
                std::to_string(lipschitz) + ")");
  if (kernel == 3 && powerGridSize < 16)
    throw Error("spectral-norm conv: power-iteration grid must be at least 16 (got " +
                std::to_string(powerGridSize) + ")");
  correction_ = gridCorrectionFor(kernel, powerGridSize);

  weight = register_parameter("weight", torch::empty({outChannels, inChannels, kernel, kernel}));
  bias = register_parameter("bias", torch::empty({outChannels}));
  const int grid = kernel == 1 ? 1 : powerGridSize;
  u_ = register_buffer("u", torch::empty({1, inChannels, grid, grid}));
  sigma_ = register_buffer("sigma", torch::zeros({}));
  {
    // torch::nn::Conv2d's default initialisation, so the scale is familiar.
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    const double b = 1.0 / std::sqrt(double(inChannels * kernel * kernel));
    torch::nn::init::uniform_(bias, -b, b);
    u_.copy_(unitNorm(torch::randn(u_.sizes())));
  }
  refreshSpectralBound(kInitialPowerSteps);
}

torch::Tensor SpectralNormConv2dImpl::circularConv(const torch::Tensor& x,
                                                   const torch::Tensor& w) const {
  if (pad_ == 0) return F::conv2d(x, w);
  return F::conv2d(F::pad(x, F::PadFuncOptions({pad_, pad_, pad_, pad_}).mode(torch::kCircular)),
                   w);
}

void SpectralNormConv2dImpl::powerStep() {
  // u ← AᵀA u / ‖AᵀA u‖. The adjoint of a circular conv is the circular conv with the kernel's
  // channels transposed and its taps flipped. A zero weight leaves u as it is (never a zero u).
  const torch::Tensor v = unitNorm(circularConv(u_, weight));
  const torch::Tensor next = circularConv(v, weight.transpose(0, 1).flip({2, 3}));
  const torch::Tensor n = next.norm();
  u_.copy_(torch::where(n > kTiny, next / n.clamp_min(kTiny), u_));
}

torch::Tensor SpectralNormConv2dImpl::boundFromPowerVector() {
  // σ̂ = <v, A u> with v = A u/‖A u‖ held fixed: equal to ‖A u‖, gradient v·∂(A u)/∂W, and no 0/0
  // for a zero weight.
  const torch::Tensor au = circularConv(u_, weight);
  const torch::Tensor v = unitNorm(au.detach());
  const torch::Tensor sigma = (v * au).sum() * correction_;
  {
    torch::NoGradGuard noGrad;
    sigma_.copy_(sigma.detach());
  }
  return sigma;
}

void SpectralNormConv2dImpl::refreshSpectralBound(int steps) {
  torch::NoGradGuard noGrad;
  for (int i = 0; i < steps; ++i)
    powerStep();
  boundFromPowerVector();
}

torch::Tensor SpectralNormConv2dImpl::convWith(const torch::Tensor& x,
                                               const torch::Tensor& sigma) const {
  // W / max(1, σ̄/L): unchanged (exactly) when σ̄ ≤ L.
  const torch::Tensor w = weight / torch::clamp_min(sigma / lipschitz_, 1.0);
  return F::conv2d(x, w, F::Conv2dFuncOptions().bias(bias).padding(pad_));
}

void SpectralNormConv2dImpl::checkInput(const torch::Tensor& x) const {
  if (x.dim() != 4 || x.size(1) != in_)
    throw Error("spectral-norm conv: expected an N×" + std::to_string(in_) +
                "×H×W feature map, got " + shapeOf(x));
}

torch::Tensor SpectralNormConv2dImpl::forward(const torch::Tensor& x) {
  checkInput(x);
  if (!is_training()) return convWith(x, sigma_);
  {
    torch::NoGradGuard noGrad;
    powerStep();
  }
  return convWith(x, boundFromPowerVector());
}

torch::Tensor SpectralNormConv2dImpl::forwardWithoutPowerStep(const torch::Tensor& x) {
  checkInput(x);
  if (!is_training()) return convWith(x, sigma_);
  return convWith(x, boundFromPowerVector());
}

torch::Tensor SpectralNormConv2dImpl::effectiveWeight() const {
  torch::NoGradGuard noGrad;
  return weight / torch::clamp_min(sigma_ / lipschitz_, 1.0);
}

double SpectralNormConv2dImpl::operatorNormBound() const {
  return sigma_.item<double>();
}

void SpectralNormConv2dImpl::train(bool on) {
  torch::nn::Module::train(on);
  if (!on) {
    torch::NoGradGuard noGrad;
    boundFromPowerVector();
  }
}

}  // namespace ds
