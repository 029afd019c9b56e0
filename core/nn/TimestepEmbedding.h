#pragma once
// Tells a denoiser which diffusion step it is at: the integer timestep t is turned into a
// sinusoidal code (the Transformer/DDPM position encoding: cos and sin of t at geometrically
// spaced frequencies) and then into a learned embedding by a two-layer MLP.
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace ds {

class TimestepEmbeddingImpl : public torch::nn::Module {
 public:
  // dim: the embedding size, even and >= 2 (ds::Error otherwise).
  explicit TimestepEmbeddingImpl(int64_t dim);

  // t: int64 [N] -> [N, dim].
  torch::Tensor forward(const torch::Tensor& t);

  // The fixed part: [cos(t·f_0..f_{dim/2-1}), sin(t·f_0..)] with f_i = 10000^(-i/(dim/2)).
  // t is any 1-D integer or float tensor; the result is float32 [N, dim] on t's device.
  static torch::Tensor sinusoidal(const torch::Tensor& t, int64_t dim);

  int64_t dim() const { return dim_; }

 private:
  int64_t dim_;
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace ds
