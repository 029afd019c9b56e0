#pragma once
// Multi-head self-attention over every position of a feature map, with a residual: the base
// encoder's coarsest level sees the whole image at once (where the floor meets the walls, where
// the vanishing point is), which its 3x3 convolutions reach only towards the centre. A fixed
// sinusoidal code of each position's normalised (x, y), projected into the channels, is added to
// the queries' and keys' input so attention knows where things are. The output projection starts
// at zero: a new block is the identity until training moves it.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace ds {

class GlobalContextAttentionImpl : public torch::nn::Module {
 public:
  static constexpr int64_t kFrequencies = 4;  // per axis; sin and cos of each

  // channels must be a positive multiple of heads.
  GlobalContextAttentionImpl(int64_t channels, int64_t heads);

  // x: [N, channels, H, W] -> the same shape.
  torch::Tensor forward(const torch::Tensor& x);

  // The position code [1, 4 * kFrequencies, H, W] for a map of H x W (resolution-independent:
  // coordinates run over (-1, 1) whatever the size).
  static torch::Tensor positionCode(int64_t height, int64_t width, const torch::TensorOptions& o);

 private:
  int64_t channels_, heads_;
  torch::nn::GroupNorm norm_{nullptr};
  torch::nn::Conv2d position_{nullptr}, queryKey_{nullptr}, value_{nullptr}, out_{nullptr};
};
TORCH_MODULE(GlobalContextAttention);

}  // namespace ds
