#pragma once
// One invertible affine-coupling block of the restorer's decoder (InvT-IndDiffusion). Channels
// split into x = (x1, x2) (swap: x2 first):
//   y1 = x1,  y2 = x2 ⊙ exp(s(x1)) + t(x1),  s = α·tanh(ŝ(x1));
//   inverse: x2 = (y2 − t(y1)) ⊙ exp(−s(y1)).
// (ŝ, t) come from one conditioner network:
//   SN-conv3×3(C/2→hidden) → LeakyReLU → SN-conv1×1(hidden→hidden) → LeakyReLU →
//   SN-conv3×3(hidden→C) split into (ŝ, t),
// every conv spectrally normalised to Lipschitz ≤ L and the activations 1-Lipschitz, so (ŝ, t)
// jointly is Lipschitz with Lg = L³. The last conv starts at zero: a new block is exactly the
// identity (the restorer starts from the base model's decoder).
//
// Bounds (ℓ² norms over a whole feature map; a, b = ‖Δx1‖, ‖Δx2‖; E = e^α):
// No finite global constant exists for a data-dependent scale: with x2 large, a tiny Δx1 changes
// y2 by x2·Δe^s. So the bounds hold on the domain D_R = {x : ‖x2‖∞ ≤ R} (R = `radius`) for
// pairs (x, x') whose base point x is in D_R; x' is arbitrary.
// Forward: Δy1 = Δx1, Δy2 = Δx2 ⊙ e^{s'} + x2 ⊙ (e^{s'} − e^s) + Δt. Elementwise |e^{s'}| ≤ E,
//   |e^{s'} − e^s| ≤ E·|s' − s| (mean value) and |s' − s| ≤ α|Δŝ| (tanh is 1-Lipschitz), so
//   ‖Δy2‖ ≤ E·b + ‖RαE|Δŝ| + |Δt|‖ ≤ E·b + sqrt(1 + (RαE)²)·‖(Δŝ, Δt)‖ ≤ E·b + β·a,
//   β = Lg·sqrt(1 + (RαE)²) (Cauchy–Schwarz). With ‖Δy1‖ = a:
//   ‖Δy‖ ≤ ‖[[1, 0], [β, E]]‖₂ · ‖Δx‖.
// Inverse (base point y = f(x), x in D_R): Δx1 = Δy1, and using y2 − t = x2·e^s,
//   Δx2 = (Δy2 − Δt) ⊙ e^{−s'} + x2 ⊙ (e^{s − s'} − 1), with |e^d − 1| ≤ κ|d| for |d| ≤ 2α,
//   κ = (e^{2α} − 1)/(2α). So ‖Δx2‖ ≤ E·‖Δy2‖ + γ·‖Δy1‖, γ = Lg·sqrt(E² + (Rκα)²), and
//   ‖Δx‖ ≤ ‖[[1, 0], [γ, E]]‖₂ · ‖Δy‖.
// Both assume the spectral-norm power iterations have converged (see SpectralNormConv2d).
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <utility>

#include "core/nn/InvertibleCouplingOptions.h"
#include "core/nn/SpectralNormConv2d.h"

namespace ds {

class InvertibleCouplingImpl : public torch::nn::Module {
 public:
  // swap = false: the first half of the channels passes through and conditions the second.
  // Throws ds::Error for bad options (options.check()).
  InvertibleCouplingImpl(const InvertibleCouplingOptions& options, bool swap);

  // Training mode advances each conv's power iteration once; inverse() never does, so
  // inverse(forward(x)) uses exactly forward's weights. Both throw ds::Error for a tensor that is
  // not N×C×H×W.
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor forwardWithoutPowerStep(const torch::Tensor& x);
  torch::Tensor inverse(const torch::Tensor& y);

  // Bounds on D_R (see above); radius R ≥ 0.
  double lipschitzBound(double radius) const;
  double inverseLipschitzBound(double radius) const;
  double conditionerLipschitz() const;  // Lg = L³

  void refreshSpectralBounds(int steps);
  const InvertibleCouplingOptions& options() const { return options_; }
  bool swapped() const { return swap_; }

 private:
  // (s, t) from the conditioning half.
  std::pair<torch::Tensor, torch::Tensor> scaleShift(const torch::Tensor& x1, bool powerStep);
  torch::Tensor transform(const torch::Tensor& x, bool powerStep);
  void checkInput(const torch::Tensor& x) const;

  InvertibleCouplingOptions options_;
  bool swap_ = false;
  SpectralNormConv2d trunkIn_{nullptr};
  SpectralNormConv2d trunkMid_{nullptr};
  SpectralNormConv2d head_{nullptr};
};

TORCH_MODULE(InvertibleCoupling);

}  // namespace ds
