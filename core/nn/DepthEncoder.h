#pragma once
// The base depth network's encoder: RGB [N, 3, H, W] -> four feature levels at strides 2, 4, 8, 16
// (l0..l3). Levels 2 and 3 are the "high-level" features that InvT-IndDiffusion restores (their
// mutual conditional map), levels 0 and 1 the low-level ones that AV-LFE aligns across views.
// Each level: a downsampling conv (stride 2) then `blocksPerLevel` residual blocks; with
// contextHeads > 0 level 3 ends in global self-attention (core/nn/GlobalContextAttention).
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "core/nn/Downsample.h"
#include "core/nn/GlobalContextAttention.h"
#include "core/nn/ResBlock.h"

namespace ds {

struct DepthEncoderConfig {
  static constexpr int64_t kLevels = 4;
  static constexpr int64_t kStride = 16;  // the input size must be a multiple of this

  int64_t inChannels = 3;
  std::vector<int64_t> channels{24, 48, 96, 160};  // widths of l0 (1/2) .. l3 (1/16)
  int64_t blocksPerLevel = 1;
  int64_t contextHeads = 0;  // 0: none; else heads of the attention after level 3

  // ds::Error on non-positive values, a channel list that is not kLevels long, or contextHeads
  // that do not divide channels[3].
  void check() const;
};
void to_json(nlohmann::json& j, const DepthEncoderConfig& c);
void from_json(const nlohmann::json& j, DepthEncoderConfig& c);  // checks the result

class DepthEncoderImpl : public torch::nn::Module {
 public:
  using Config = DepthEncoderConfig;
  explicit DepthEncoderImpl(const Config& config = {});

  // x: [N, inChannels, H, W], H and W multiples of 16, normalised by the caller. Returns {l0, l1,
  // l2, l3}, level k of shape [N, channels[k], H / 2^(k+1), W / 2^(k+1)].
  std::vector<torch::Tensor> forward(const torch::Tensor& x);

  const Config& config() const { return config_; }

 private:
  Config config_;
  std::vector<Downsample> downs_;
  std::vector<ResBlock> blocks_;  // level k owns blocks_[k * blocksPerLevel ...]
  GlobalContextAttention context_{nullptr};
};
// The module holder (what TORCH_MODULE would declare), plus the Config name: DepthEncoder::Config.
class DepthEncoder : public torch::nn::ModuleHolder<DepthEncoderImpl> {
 public:
  using torch::nn::ModuleHolder<DepthEncoderImpl>::ModuleHolder;
  using Impl = DepthEncoderImpl;
  using Config = DepthEncoderConfig;
};

}  // namespace ds
