#pragma once
// InvT-IndDiffusion's denoiser in feature space: it works on the decoder's fused high-level
// feature d2 (1/8 resolution), conditioned on the mutual conditional map concat(l2, up(l3)) and
// the timestep. Input conv over concat(x_t, map), `blocks` timestep-conditioned residual blocks at
// that one resolution, zero-initialised output conv (an untrained model predicts exactly 0).
// What the output means (noise, v, or the clean feature) is the sampler's choice.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "core/nn/ResBlock.h"
#include "core/nn/TimestepEmbedding.h"

namespace ds {

struct FeatureDenoiserConfig {
  int64_t featureChannels = 96;     // = DepthDecoderConfig::fusedChannels (d2)
  int64_t conditionChannels = 256;  // = channels of levels 2 + 3 (96 + 160)
  int64_t hidden = 128;
  int64_t blocks = 4;
  int64_t timeEmbedDim = 128;  // even

  // ds::Error on non-positive values or an odd timeEmbedDim.
  void check() const;
};
void to_json(nlohmann::json& j, const FeatureDenoiserConfig& c);
void from_json(const nlohmann::json& j, FeatureDenoiserConfig& c);  // checks the result

class FeatureDenoiserImpl : public torch::nn::Module {
 public:
  using Config = FeatureDenoiserConfig;
  explicit FeatureDenoiserImpl(const Config& config = {});

  // xt [N, featureChannels, h, w], t int64 [N] (or [1]), mutualMap [N, conditionChannels, h, w]
  // -> [N, featureChannels, h, w]. Any h, w.
  torch::Tensor forward(const torch::Tensor& xt, const torch::Tensor& t,
                        const torch::Tensor& mutualMap);

  // concat(l2, bilinear-upsampled l3 at l2's size) — see core/nn/MutualConditionalMap.h.
  static torch::Tensor mutualConditionalMap(const torch::Tensor& l2, const torch::Tensor& l3);

  const Config& config() const { return config_; }

 private:
  Config config_;
  TimestepEmbedding timeEmbed_{nullptr};
  torch::nn::Conv2d convIn_{nullptr};
  std::vector<ResBlock> blocks_;
  torch::nn::GroupNorm outNorm_{nullptr};
  torch::nn::Conv2d outConv_{nullptr};
};
// The module holder (what TORCH_MODULE would declare), plus the Config name:
// FeatureDenoiser::Config.
class FeatureDenoiser : public torch::nn::ModuleHolder<FeatureDenoiserImpl> {
 public:
  using torch::nn::ModuleHolder<FeatureDenoiserImpl>::ModuleHolder;
  using Impl = FeatureDenoiserImpl;
  using Config = FeatureDenoiserConfig;
};

}  // namespace ds
