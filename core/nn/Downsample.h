#pragma once
// Halves the resolution with a learned stride-2 3x3 convolution (odd sizes round up).
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace ds {

class DownsampleImpl : public torch::nn::Module {
 public:
  DownsampleImpl(int64_t inChannels, int64_t outChannels);
  torch::Tensor forward(const torch::Tensor& x) { return conv_(x); }

 private:
  torch::nn::Conv2d conv_{nullptr};
};
TORCH_MODULE(Downsample);

}  // namespace ds
