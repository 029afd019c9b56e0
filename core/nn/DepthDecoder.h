#pragma once
// The base depth network's decoder, split where InvT-IndDiffusion works on it:
//   fuseHigh(l2, l3) -> d2: the fused high-level feature at 1/8, a function of the mutual
//                           conditional map concat(l2, up(l3)); the restorer denoises this one;
//   decodeFrom(d2, l0, l1) -> depth [N, 1, H, W]: up to 1/4 (+ l1 skip), up to 1/2 (+ l0 skip),
//                           a light head and a final bilinear x2 to the input resolution.
// The output is affine-invariant relative INVERSE depth (disparity-like; larger = nearer): no
// final activation, so it may be negative; align it with scale and shift in inverse-depth space.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "core/nn/ResBlock.h"
#include "core/nn/Upsample.h"

namespace ds {

struct DepthDecoderConfig {
  std::vector<int64_t> encoderChannels{24, 48, 96, 160};  // must equal the encoder's channels
  int64_t fusedChannels = 96;                             // d2 at 1/8
  int64_t quarterChannels = 64;                           // decoder width at 1/4
  int64_t halfChannels = 32;                              // decoder width at 1/2
  int64_t headChannels = 16;                              // head before the final x2

  // ds::Error on non-positive values or encoderChannels that do not list 4 levels.
  void check() const;
};
void to_json(nlohmann::json& j, const DepthDecoderConfig& c);
void from_json(const nlohmann::json& j, DepthDecoderConfig& c);  // checks the result

class DepthDecoderImpl : public torch::nn::Module {
 public:
  using Config = DepthDecoderConfig;
  explicit DepthDecoderImpl(const Config& config = {});

  // l2 [N, C2, h, w], l3 [N, C3, h/2, w/2] -> d2 [N, fusedChannels, h, w].
  torch::Tensor fuseHigh(const torch::Tensor& l2, const torch::Tensor& l3);
  // d2 [N, fusedChannels, h, w], l0 [N, C0, 4h, 4w], l1 [N, C1, 2h, 2w] -> [N, 1, 8h, 8w].
  torch::Tensor decodeFrom(const torch::Tensor& d2, const torch::Tensor& l0,
                           const torch::Tensor& l1);
  // features = {l0, l1, l2, l3} as the encoder returns them; = decodeFrom(fuseHigh(l2, l3), l0,
  // l1).
  torch::Tensor forward(const std::vector<torch::Tensor>& features);

  const Config& config() const { return config_; }

 private:
  Config config_;
  ResBlock fuse1_{nullptr}, fuse2_{nullptr};
  Upsample upQuarter_{nullptr}, upHalf_{nullptr};
  ResBlock quarterBlock_{nullptr}, halfBlock_{nullptr};
  torch::nn::GroupNorm headNorm_{nullptr};
  torch::nn::Conv2d headConv_{nullptr}, outConv_{nullptr};
};
// The module holder (what TORCH_MODULE would declare), plus the Config name: DepthDecoder::Config.
class DepthDecoder : public torch::nn::ModuleHolder<DepthDecoderImpl> {
 public:
  using torch::nn::ModuleHolder<DepthDecoderImpl>::ModuleHolder;
  using Impl = DepthDecoderImpl;
  using Config = DepthDecoderConfig;
};

}  // namespace ds
