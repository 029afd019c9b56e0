#include "core/train/FrozenBase.h"

#include <torch/utils.h>

#include "core/methods/BuiltinNetworks.h"

namespace ds {

FrozenBase FrozenBase::load(const std::filesystem::path& cardPath, const torch::Device& device) {
  FrozenBase b;
  b.card = ModelCard::read(cardPath);
  b.net = loadBaseDepthNet(b.card, device);
  for (auto& p : b.net->parameters()) p.set_requires_grad(false);
  b.net->eval();
  return b;
}

torch::Tensor FrozenBase::predict(const torch::Tensor& rgb) {
  torch::NoGradGuard noGrad;
  return net->forward(rgb);
}

}  // namespace ds
