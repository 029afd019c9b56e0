#include "core/nn/ResBlock.h"

#include <torch/nn/functional/activation.h>

#include "core/util/Error.h"

namespace ds {

namespace F = torch::nn::functional;

int64_t normGroups(int64_t channels) {
  for (int64_t g = 8; g > 1; --g)
    if (channels % g == 0) return g;
  return 1;
}

ResBlockImpl::ResBlockImpl(int64_t inChannels, int64_t outChannels, int64_t timeEmbedDim)
    : in_(inChannels), out_(outChannels), timeDim_(timeEmbedDim) {
  if (in_ <= 0 || out_ <= 0)
    throw Error("ResBlock: channel counts must be positive, got in = " + std::to_string(in_) +
                ", out = " + std::to_string(out_));
  if (timeDim_ < 0)
    throw Error("ResBlock: timeEmbedDim must be >= 0, got " + std::to_string(timeDim_));
  using namespace torch::nn;
  norm1_ = register_module("norm1", GroupNorm(GroupNormOptions(normGroups(in_), in_)));
  conv1_ = register_module("conv1", Conv2d(Conv2dOptions(in_, out_, 3).padding(1)));
  if (timeDim_ > 0) timeProj_ = register_module("time_proj", Linear(timeDim_, 2 * out_));
  norm2_ = register_module("norm2", GroupNorm(GroupNormOptions(normGroups(out_), out_)));
  conv2_ = register_module("conv2", Conv2d(Conv2dOptions(out_, out_, 3).padding(1)));
  if (in_ != out_) skip_ = register_module("skip", Conv2d(Conv2dOptions(in_, out_, 1)));
}

torch::Tensor ResBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& timeEmbedding) {
  torch::Tensor h = conv1_(F::silu(norm1_(x)));
  h = norm2_(h);
  if (timeProj_) {
    if (!timeEmbedding.defined())
      throw Error("ResBlock: this block takes a timestep embedding of size " +
                  std::to_string(timeDim_) + " but none was given");
    const auto ss = timeProj_(F::silu(timeEmbedding)).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);
    h = h * (1 + ss[0]) + ss[1];
  }
  h = conv2_(F::silu(h));
  return (skip_ ? skip_(x) : x) + h;
}

}  // namespace ds
