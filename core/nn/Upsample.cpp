#include "core/nn/Upsample.h"

#include <torch/nn/functional/upsampling.h>

#include "core/util/Error.h"

namespace ds {

UpsampleImpl::UpsampleImpl(int64_t inChannels, int64_t outChannels) {
  if (inChannels <= 0 || outChannels <= 0)
    throw Error("Upsample: channel counts must be positive, got in = " +
                std::to_string(inChannels) + ", out = " + std::to_string(outChannels));
  conv_ = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, 3).padding(1)));
}

torch::Tensor UpsampleImpl::forward(const torch::Tensor& x) {
  namespace F = torch::nn::functional;
  const std::vector<int64_t> size{2 * x.size(2), 2 * x.size(3)};
  return conv_(F::interpolate(x, F::InterpolateFuncOptions().size(size).mode(torch::kNearest)));
}

}  // namespace ds
