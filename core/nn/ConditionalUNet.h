#pragma once
// The pixel-space denoiser of the refiner (BetterDepth) and of DepthGen: a U-Net over
// len(channels) levels (each level halves the resolution of the one before), `resBlocks`
// timestep-conditioned residual blocks per level on the way down and up, concatenated skips, two
// blocks at the bottom, and a zero-initialised output conv (so an untrained model predicts 0).
//
// Input x = concat(constant channels, varying channels) built by the caller:
//   refiner:  RGB (3) + conditioning depth (1) + noisy depth x_t (1) = 5 channels;
//   DepthGen: RGB (3) + noisy depth x_t (1) = 4 channels.
// The leading channels are the same at every diffusion step. The first conv is linear, so
// conv(concat(a, b)) = conv_a(a) + conv_b(b): cacheConstantInput(a) computes conv_a(a) + bias once
// per sampling run and forwardCached(b, t, cache) adds conv_b(b) for each step.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "core/nn/Downsample.h"
#include "core/nn/ResBlock.h"
#include "core/nn/TimestepEmbedding.h"
#include "core/nn/Upsample.h"

namespace ds {

struct ConditionalUNetConfig {
  int64_t inChannels = 5;
  int64_t outChannels = 1;
  std::vector<int64_t> channels{32, 64, 128, 128};  // width per level, full resolution first
  int64_t resBlocks = 1;                            // per level, on each of the two paths
  int64_t timeEmbedDim = 128;                       // even

  // ds::Error on non-positive values, fewer than 2 or more than 8 levels, or an odd timeEmbedDim.
  void check() const;
  // H and W must be multiples of this: 2^(levels - 1).
  int64_t sizeMultiple() const { return int64_t(1) << (channels.size() - 1); }
};
void to_json(nlohmann::json& j, const ConditionalUNetConfig& c);
void from_json(const nlohmann::json& j, ConditionalUNetConfig& c);  // checks the result

// The first conv of the constant leading input channels (bias included), see the file comment.
// Valid for the weights it was built with: rebuild it after the weights change.
struct UNetInputCache {
  torch::Tensor firstConv;       // [N or 1, channels[0], H, W]
  torch::Tensor varyingWeight;   // the first conv's weights for the remaining channels
  int64_t constantChannels = 0;  // how many leading input channels it covers
};

class ConditionalUNetImpl : public torch::nn::Module {
 public:
  using Config = ConditionalUNetConfig;
  explicit ConditionalUNetImpl(const Config& config = {});

  // x [N, inChannels, H, W], t int64 [N] (or [1], broadcast) -> [N, outChannels, H, W].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& t);

  // constant: the leading k input channels [N, k, H, W], 0 < k < inChannels.
  UNetInputCache cacheConstantInput(const torch::Tensor& constant);
  // varying: the remaining inChannels - k channels [N, inChannels - k, H, W]. A cache of batch 1
  // broadcasts over the batch (one image, an ensemble of N samples). Equals
  // forward(concat(constant, varying), t) up to float rounding.
  torch::Tensor forwardCached(const torch::Tensor& varying, const torch::Tensor& t,
                              const UNetInputCache& cache);

  const Config& config() const { return config_; }

 private:
  torch::Tensor body(const torch::Tensor& h0, const torch::Tensor& t);
  void requireSize(const torch::Tensor& x) const;

  Config config_;
  TimestepEmbedding timeEmbed_{nullptr};
  torch::nn::Conv2d convIn_{nullptr};
  std::vector<ResBlock> downBlocks_, midBlocks_, upBlocks_;
  std::vector<Downsample> downsamples_;
  std::vector<Upsample> upsamples_;
  torch::nn::GroupNorm outNorm_{nullptr};
  torch::nn::Conv2d outConv_{nullptr};
};
// The module holder (what TORCH_MODULE would declare), plus the Config name:
// ConditionalUNet::Config.
class ConditionalUNet : public torch::nn::ModuleHolder<ConditionalUNetImpl> {
 public:
  using torch::nn::ModuleHolder<ConditionalUNetImpl>::ModuleHolder;
  using Impl = ConditionalUNetImpl;
  using Config = ConditionalUNetConfig;
};

}  // namespace ds
