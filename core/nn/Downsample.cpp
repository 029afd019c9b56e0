#include "core/nn/Downsample.h"

#include "core/util/Error.h"

namespace ds {

DownsampleImpl::DownsampleImpl(int64_t inChannels, int64_t outChannels) {
  if (inChannels <= 0 || outChannels <= 0)
    throw Error("Downsample: channel counts must be positive, got in = " +
                std::to_string(inChannels) + ", out = " + std::to_string(outChannels));
  conv_ = register_module(
      "conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, 3).stride(2).padding(1)));
}

}  // namespace ds
