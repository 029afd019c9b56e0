#include "core/nn/InvertibleStack.h"

#include <torch/utils.h>

#include <algorithm>
#include <string>

#include "core/util/Error.h"

namespace ds {

InvertibleStackImpl::InvertibleStackImpl(const InvertibleCouplingOptions& block, int blocks) {
  block.check();
  if (blocks < 1)
    throw Error("invertible stack: block count must be at least 1 (got " + std::to_string(blocks) +
                ")");
  for (int i = 0; i < blocks; ++i)
    blocks_.push_back(
        register_module("block" + std::to_string(i), InvertibleCoupling(block, i % 2 == 1)));
}

torch::Tensor InvertibleStackImpl::forward(const torch::Tensor& x) {
  torch::Tensor z = x;
  for (auto& b : blocks_)
    z = b->forward(z);
  return z;
}

torch::Tensor InvertibleStackImpl::inverse(const torch::Tensor& y) {
  torch::Tensor z = y;
  for (auto it = blocks_.rbegin(); it != blocks_.rend(); ++it)
    z = (*it)->inverse(z);
  return z;
}

double InvertibleStackImpl::lipschitzBound(const std::vector<double>& radii) const {
  checkRadii(radii);
  double bound = 1.0;
  for (size_t i = 0; i < blocks_.size(); ++i)
    bound *= blocks_[i]->lipschitzBound(radii[i]);
  return bound;
}

double InvertibleStackImpl::inverseLipschitzBound(const std::vector<double>& radii) const {
  checkRadii(radii);
  double bound = 1.0;
  for (size_t i = 0; i < blocks_.size(); ++i)
    bound *= blocks_[i]->inverseLipschitzBound(radii[i]);
  return bound;
}

double InvertibleStackImpl::lipschitzBound(double radius) const {
  return lipschitzBound(std::vector<double>(blocks_.size(), radius));
}

double InvertibleStackImpl::inverseLipschitzBound(double radius) const {
  return inverseLipschitzBound(std::vector<double>(blocks_.size(), radius));
}

std::vector<double> InvertibleStackImpl::blockInputRadii(const torch::Tensor& x) {
  torch::NoGradGuard noGrad;
  std::vector<double> radii;
  torch::Tensor z = x;
  for (auto& b : blocks_) {
    const torch::Tensor next = b->forwardWithoutPowerStep(z);  // checks the shape first
    const auto halves = z.chunk(2, 1);
    radii.push_back(halves[b->swapped() ? 0 : 1].abs().max().item<double>());
    z = next;
  }
  return radii;
}

void InvertibleStackImpl::checkRadii(const std::vector<double>& radii) const {
  if (radii.size() != blocks_.size())
    throw Error("invertible stack: expected " + std::to_string(blocks_.size()) +
                " block radii, got " + std::to_string(radii.size()));
}

void InvertibleStackImpl::refreshSpectralBounds(int steps) {
  for (auto& b : blocks_)
    b->refreshSpectralBounds(steps);
}

}  // namespace ds
