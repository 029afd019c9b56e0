#pragma once
// Doubles the resolution: nearest-neighbour x2, then a 3x3 convolution (no checkerboard artefacts,
// unlike a transposed convolution).
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace ds {

class UpsampleImpl : public torch::nn::Module {
 public:
  UpsampleImpl(int64_t inChannels, int64_t outChannels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv_{nullptr};
};
TORCH_MODULE(Upsample);

}  // namespace ds
