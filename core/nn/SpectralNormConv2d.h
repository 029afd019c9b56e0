#pragma once
// A convolution whose Lipschitz constant, as an operator on feature maps of any size, is at most L:
// the building block that makes the invertible decoder blocks bi-Lipschitz (InvertibleCoupling).
//
// Effective weight W·min(1, L/σ̄), with σ̄ an upper bound of the raw weight's operator norm. So a
// weight already within L (e.g. zero-initialised) is used unchanged, and a larger one is scaled
// down to L.
//
// How σ̄ is obtained, and what is guaranteed:
// - Power iteration on the conv operator itself (not the reshaped weight matrix, whose norm can be
//   below a 3×3 conv's operator norm): A = circular conv on an N×N grid (N = powerGridSize),
//   adjoint = circular conv with the channel-transposed, spatially flipped kernel. The power vector
//   u [1, in, N, N] is a buffer (saved with the weights). One step per training forward.
// - A zero-padded ("same") conv on an input of any size is a restriction of the conv on the
// infinite
//   grid, whose norm is σ∞ = max over frequencies ω of ‖Ŵ(ω)‖₂ (Ŵ: the kernel's Fourier symbol).
//   The circular N×N conv's norm σN is the maximum of ‖Ŵ(ω)‖₂ over the N×N frequency grid, so
//   σN ≤ σ∞; the gap is bounded as follows. Let ω* attain σ∞ with top right-singular vector a;
//   F(ω) = ‖Ŵ(ω)a‖² is a trigonometric sum with frequencies in [−2p, 2p]² for a (2p+1)² kernel,
//   0 ≤ F ≤ σ∞², F(ω*) = σ∞², F'(ω*) = 0. On the segment from ω* to the nearest grid point (each
//   coordinate within π/N) its frequency is at most τ = 2p(π/N + π/N), so by Bernstein's
//   inequality |F''| ≤ τ²σ∞² and F ≥ σ∞²(1 − τ²/2) at that grid point: σ∞ ≤ σN / sqrt(1 − τ²/2).
//   We store σ̄ = σ̂N / sqrt(1 − τ²/2): 1.041·σ̂N for 3×3 at N = 32, exactly σ̂N for 1×1.
// - Guarantee: once the power vector has converged (σ̂N = σN; power iteration approaches from
//   below), ‖conv(x) − conv(x')‖₂ ≤ L·‖x − x'‖₂ for inputs of any size with zero padding. Before
//   convergence σ̂N underestimates σN by the remaining power-iteration error, and the bound can be
//   exceeded by that relative amount: after training this is negligible; after changing or
//   loading raw weights without their buffers, call refreshSpectralBound(steps).
// - Eval mode uses the stored σ̄ (deterministic, no extra work). Switching to eval recomputes σ̄ from
//   the stored u and the current weights (no power step), so optimiser steps since the last forward
//   are accounted for. Training forward: σ̄ is computed with gradient through W (u held fixed), as
//   in the usual spectral normalisation.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace ds {

class SpectralNormConv2dImpl : public torch::nn::Module {
 public:
  // kernel 1 or 3 (stride 1, "same" zero padding); lipschitz L > 0; powerGridSize N ≥ 16 (used
  // for 3×3 only). Throws ds::Error naming the bad argument. Initialisation draws from torch's
  // global generator: seed it (torch::manual_seed) before constructing.
  SpectralNormConv2dImpl(int inChannels, int outChannels, int kernel, double lipschitz,
                         int powerGridSize = 32);

  // Conv with the normalised weight. In training mode it first advances the power iteration by
  // one step. Throws ds::Error for a tensor that is not N×in×H×W.
  torch::Tensor forward(const torch::Tensor& x);
  // Same conv without a power step: the weight forward() used last (the coupling's inverse needs
  // exactly the weight its forward used).
  torch::Tensor forwardWithoutPowerStep(const torch::Tensor& x);

  // Runs `steps` power-iteration steps (no gradient) and stores the new bound σ̄.
  void refreshSpectralBound(int steps);
  // The weight as the conv applies it now (from the stored σ̄).
  torch::Tensor effectiveWeight() const;

  double operatorNormBound() const;  // σ̄: bound on the raw weight's operator norm
  double lipschitz() const { return lipschitz_; }
  double gridCorrection() const { return correction_; }  // 1/sqrt(1 − τ²/2), 1 for 1×1
  int kernel() const { return kernel_; }

  // Keeps σ̄ consistent with the current weights when switching to eval.
  void train(bool on = true) override;

  torch::Tensor weight;  // raw [out, in, k, k]
  torch::Tensor bias;    // [out]

 private:
  torch::Tensor circularConv(const torch::Tensor& x, const torch::Tensor& w) const;
  void powerStep();
  torch::Tensor boundFromPowerVector();  // σ̄ with gradient through W; also stored
  torch::Tensor convWith(const torch::Tensor& x, const torch::Tensor& sigma) const;
  void checkInput(const torch::Tensor& x) const;

  int in_ = 0;
  int kernel_ = 1;
  int pad_ = 0;
  double lipschitz_ = 1.0;
  double correction_ = 1.0;
  torch::Tensor u_;      // power vector [1, in, N, N] (N = 1 for 1×1), unit norm
  torch::Tensor sigma_;  // σ̄ (0-dim)
};

TORCH_MODULE(SpectralNormConv2d);

}  // namespace ds
