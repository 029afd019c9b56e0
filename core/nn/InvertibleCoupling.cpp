#include "core/nn/InvertibleCoupling.h"

#include <torch/nn/functional/activation.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/util/Error.h"

namespace ds {

namespace F = torch::nn::functional;

namespace {

constexpr double kLeakySlope = 0.2;  // LeakyReLU: 1-Lipschitz, no dead units

// ‖[[1, 0], [c, e]]‖₂: the largest singular value of the 2×2 bound matrix (see the header).
double lowerTriangularNorm(double c, double e) {
  const double trace = 1.0 + c * c + e * e;  // of MᵀM
  const double det = e * e;                  // det(MᵀM) = det(M)²
  return std::sqrt(0.5 * (trace + std::sqrt(std::max(0.0, trace * trace - 4.0 * det))));
}

void checkRadius(double radius) {
  if (!(radius >= 0.0) || !std::isfinite(radius))
    throw Error("invertible coupling: bound radius must be a finite number >= 0 (got " +
                std::to_string(radius) + ")");
}

}  // namespace

InvertibleCouplingImpl::InvertibleCouplingImpl(const InvertibleCouplingOptions& options, bool swap)
    : options_(options), swap_(swap) {
  options_.check();
  const int half = options_.channels / 2;
  const double l = options_.lipschitz;
  const int grid = options_.powerGridSize;
  trunkIn_ = register_module("trunk_in", SpectralNormConv2d(half, options_.hidden, 3, l, grid));
  trunkMid_ = register_module("trunk_mid",
                              SpectralNormConv2d(options_.hidden, options_.hidden, 1, l, grid));
  head_ = register_module("head", SpectralNormConv2d(options_.hidden, 2 * half, 3, l, grid));
  {
    torch::NoGradGuard noGrad;
    head_->weight.zero_();
    head_->bias.zero_();
  }
  head_->refreshSpectralBound(0);
}

std::pair<torch::Tensor, torch::Tensor> InvertibleCouplingImpl::scaleShift(const torch::Tensor& x1,
                                                                           bool powerStep) {
  auto conv = [powerStep](SpectralNormConv2d& c, const torch::Tensor& in) {
    return powerStep ? c->forward(in) : c->forwardWithoutPowerStep(in);
  };
  const auto act = F::LeakyReLUFuncOptions().negative_slope(kLeakySlope);
  torch::Tensor h = F::leaky_relu(conv(trunkIn_, x1), act);
  h = F::leaky_relu(conv(trunkMid_, h), act);
  const auto st = conv(head_, h).chunk(2, 1);
  return {options_.logScaleBound * torch::tanh(st[0]), st[1]};
}

void InvertibleCouplingImpl::checkInput(const torch::Tensor& x) const {
  if (x.dim() != 4 || x.size(1) != options_.channels) {
    std::ostringstream shape;
    shape << x.sizes();
    throw Error("invertible coupling: expected an N×" + std::to_string(options_.channels) +
                "×H×W feature map, got " + shape.str());
  }
}

torch::Tensor InvertibleCouplingImpl::transform(const torch::Tensor& x, bool powerStep) {
  checkInput(x);
  const auto halves = x.chunk(2, 1);
  const torch::Tensor& x1 = swap_ ? halves[1] : halves[0];
  const torch::Tensor& x2 = swap_ ? halves[0] : halves[1];
  const auto [s, t] = scaleShift(x1, powerStep);
  const torch::Tensor y2 = x2 * torch::exp(s) + t;
  return swap_ ? torch::cat({y2, x1}, 1) : torch::cat({x1, y2}, 1);
}

torch::Tensor InvertibleCouplingImpl::forward(const torch::Tensor& x) {
  return transform(x, is_training());
}

torch::Tensor InvertibleCouplingImpl::forwardWithoutPowerStep(const torch::Tensor& x) {
  return transform(x, false);
}

torch::Tensor InvertibleCouplingImpl::inverse(const torch::Tensor& y) {
  checkInput(y);
  const auto halves = y.chunk(2, 1);
  const torch::Tensor& y1 = swap_ ? halves[1] : halves[0];
  const torch::Tensor& y2 = swap_ ? halves[0] : halves[1];
  const auto [s, t] = scaleShift(y1, false);
  const torch::Tensor x2 = (y2 - t) * torch::exp(-s);
  return swap_ ? torch::cat({x2, y1}, 1) : torch::cat({y1, x2}, 1);
}

double InvertibleCouplingImpl::conditionerLipschitz() const {
  return std::pow(options_.lipschitz, 3);
}

double InvertibleCouplingImpl::lipschitzBound(double radius) const {
  checkRadius(radius);
  const double alpha = options_.logScaleBound;
  const double e = std::exp(alpha);
  const double beta = conditionerLipschitz() * std::hypot(1.0, radius * alpha * e);
  return lowerTriangularNorm(beta, e);
}

double InvertibleCouplingImpl::inverseLipschitzBound(double radius) const {
  checkRadius(radius);
  const double alpha = options_.logScaleBound;
  const double e = std::exp(alpha);
  const double kappa = std::expm1(2.0 * alpha) / (2.0 * alpha);
  const double gamma = conditionerLipschitz() * std::hypot(e, radius * kappa * alpha);
  return lowerTriangularNorm(gamma, e);
}

void InvertibleCouplingImpl::refreshSpectralBounds(int steps) {
  trunkIn_->refreshSpectralBound(steps);
  trunkMid_->refreshSpectralBound(steps);
  head_->refreshSpectralBound(steps);
}

}  // namespace ds
