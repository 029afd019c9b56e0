#pragma once
// The restorer decoder's invertible part: blocks of InvertibleCoupling that alternate which half of
// the channels passes through, so after two blocks every channel has been transformed. forward and
// inverse are exact inverses (up to float rounding); the Lipschitz bounds are the products of the
// blocks' bounds.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <vector>

#include "core/nn/InvertibleCoupling.h"
#include "core/nn/InvertibleCouplingOptions.h"

namespace ds {

class InvertibleStackImpl : public torch::nn::Module {
 public:
  // blocks ≥ 1; block i passes the first half through when i is even, the second when odd.
  // Throws ds::Error for bad options.
  InvertibleStackImpl(const InvertibleCouplingOptions& block, int blocks);

  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor inverse(const torch::Tensor& y);

  // Products of the blocks' bounds, block i taken at radius radii[i] (one radius: all blocks).
  // They hold for pairs whose base point x keeps every block's transformed half within its radius
  // (‖·‖∞) on the forward pass: blockInputRadii(x) gives the radii that x reaches. For the inverse
  // the base point is y = f(x), with the same condition on x. Throws ds::Error for a radius list of
  // the wrong length or a negative radius.
  double lipschitzBound(const std::vector<double>& radii) const;
  double inverseLipschitzBound(const std::vector<double>& radii) const;
  double lipschitzBound(double radius) const;
  double inverseLipschitzBound(double radius) const;
  // Per block, ‖transformed half of its input‖∞ on the forward pass of x (no gradient, no power
  // step).
  std::vector<double> blockInputRadii(const torch::Tensor& x);

  void refreshSpectralBounds(int steps);
  int blockCount() const { return int(blocks_.size()); }
  InvertibleCoupling block(int i) const { return blocks_.at(size_t(i)); }

 private:
  void checkRadii(const std::vector<double>& radii) const;

  std::vector<InvertibleCoupling> blocks_;
};

TORCH_MODULE(InvertibleStack);

}  // namespace ds
