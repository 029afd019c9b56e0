#pragma once
// The residual block every network here is built from: GroupNorm -> SiLU -> conv3x3, twice, plus a
// 1x1 skip when the channel count changes. With a timestep embedding (timeEmbedDim > 0) the second
// normalisation is modulated per channel, h = norm(h)·(1 + scale) + shift, with (scale, shift) a
// linear map of SiLU(embedding) — the usual way diffusion denoisers tell a block the noise level.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace ds {

// GroupNorm group count for a channel count: the largest of 8..1 that divides it, so any width
// works (24 -> 8 groups of 3, 20 -> 5 groups of 4).
int64_t normGroups(int64_t channels);

class ResBlockImpl : public torch::nn::Module {
 public:
  // Throws ds::Error when a channel count is not positive or timeEmbedDim is negative.
  ResBlockImpl(int64_t inChannels, int64_t outChannels, int64_t timeEmbedDim = 0);

  // x [N, in, H, W]; timeEmbedding [N, timeEmbedDim], required when timeEmbedDim > 0 and ignored
  // (may be undefined) otherwise. Returns [N, out, H, W].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& timeEmbedding = {});

  int64_t inChannels() const { return in_; }
  int64_t outChannels() const { return out_; }
  int64_t timeEmbedDim() const { return timeDim_; }

 private:
  int64_t in_, out_, timeDim_;
  torch::nn::GroupNorm norm1_{nullptr}, norm2_{nullptr};
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::Linear timeProj_{nullptr};  // only with a timestep embedding
  torch::nn::Conv2d skip_{nullptr};      // only when in != out
};
TORCH_MODULE(ResBlock);

}  // namespace ds
