#include "core/nn/TimestepEmbedding.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>

#include <cmath>

#include "core/util/Error.h"

namespace ds {

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t dim) : dim_(dim) {
  if (dim_ < 2 || dim_ % 2 != 0)
    throw Error("TimestepEmbedding: dim must be even and >= 2, got " + std::to_string(dim_));
  fc1_ = register_module("fc1", torch::nn::Linear(dim_, dim_));
  fc2_ = register_module("fc2", torch::nn::Linear(dim_, dim_));
}

torch::Tensor TimestepEmbeddingImpl::sinusoidal(const torch::Tensor& t, int64_t dim) {
  const int64_t half = dim / 2;
  const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(t.device());
  const torch::Tensor freqs = torch::exp(torch::arange(half, opts) * (-std::log(10000.0) / half));
  const torch::Tensor args = t.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);
  return torch::cat({torch::cos(args), torch::sin(args)}, 1);
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& t) {
  if (!t.defined() || t.dim() != 1)
    throw Error("TimestepEmbedding: timesteps must be a 1-D tensor [N]");
  return fc2_(torch::nn::functional::silu(fc1_(sinusoidal(t, dim_))));
}

}  // namespace ds
