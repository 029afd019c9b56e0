#include "core/nn/DepthDecoder.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/upsampling.h>

#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/nn/MutualConditionalMap.h"
#include "core/util/Error.h"

namespace ds {

namespace F = torch::nn::functional;

void DepthDecoderConfig::check() const {
  const std::string who = "DepthDecoder config";
  if (encoderChannels.size() != 4)
    throw Error(who + ": encoderChannels must list 4 levels, got " + listText(encoderChannels));
  for (int64_t c : encoderChannels)
    if (c <= 0)
      throw Error(who + ": encoderChannels must be positive, got " + listText(encoderChannels));
  const std::pair<const char*, int64_t> widths[] = {{"fusedChannels", fusedChannels},
                                                    {"quarterChannels", quarterChannels},
                                                    {"halfChannels", halfChannels},
                                                    {"headChannels", headChannels}};
  for (const auto& [name, value] : widths)
    if (value <= 0)
      throw Error(who + ": " + name + " must be positive, got " + std::to_string(value));
}

void to_json(nlohmann::json& j, const DepthDecoderConfig& c) {
  j = {{"encoderChannels", c.encoderChannels},
       {"fusedChannels", c.fusedChannels},
       {"quarterChannels", c.quarterChannels},
       {"halfChannels", c.halfChannels},
       {"headChannels", c.headChannels}};
}

void from_json(const nlohmann::json& j, DepthDecoderConfig& c) {
  const std::string who = "DepthDecoder config";
  configjson::requireKnownKeys(
      j, {"encoderChannels", "fusedChannels", "quarterChannels", "halfChannels", "headChannels"},
      who);
  configjson::read(j, "encoderChannels", c.encoderChannels, who);
  configjson::read(j, "fusedChannels", c.fusedChannels, who);
  configjson::read(j, "quarterChannels", c.quarterChannels, who);
  configjson::read(j, "halfChannels", c.halfChannels, who);
  configjson::read(j, "headChannels", c.headChannels, who);
  c.check();
}

DepthDecoderImpl::DepthDecoderImpl(const Config& config) : config_(config) {
  config_.check();
  const auto& e = config_.encoderChannels;
  const auto& c = config_;
  fuse1_ = register_module("fuse1", ResBlock(e[2] + e[3], c.fusedChannels));
  fuse2_ = register_module("fuse2", ResBlock(c.fusedChannels, c.fusedChannels));
  upQuarter_ = register_module("up_quarter", Upsample(c.fusedChannels, c.quarterChannels));
  quarterBlock_ =
      register_module("quarter_block", ResBlock(c.quarterChannels + e[1], c.quarterChannels));
  upHalf_ = register_module("up_half", Upsample(c.quarterChannels, c.halfChannels));
  halfBlock_ = register_module("half_block", ResBlock(c.halfChannels + e[0], c.halfChannels));
  headNorm_ = register_module("head_norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(
                                               normGroups(c.halfChannels), c.halfChannels)));
  headConv_ = register_module(
      "head_conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(c.halfChannels, c.headChannels, 3).padding(1)));
  outConv_ = register_module(
      "out_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.headChannels, 1, 3).padding(1)));
}

torch::Tensor DepthDecoderImpl::fuseHigh(const torch::Tensor& l2, const torch::Tensor& l3) {
  const auto& e = config_.encoderChannels;
  requireImageBatch(l2, e[2], "DepthDecoder", "level 2");
  requireImageBatch(l3, e[3], "DepthDecoder", "level 3");
  requireSpatialRatio(l3, "level 3", l2, "level 2", 2, "DepthDecoder");
  return fuse2_(fuse1_(mutualConditionalMap(l2, l3)));
}

torch::Tensor DepthDecoderImpl::decodeFrom(const torch::Tensor& d2, const torch::Tensor& l0,
                                           const torch::Tensor& l1) {
  const auto& e = config_.encoderChannels;
  requireImageBatch(d2, config_.fusedChannels, "DepthDecoder", "fused feature d2");
  requireImageBatch(l0, e[0], "DepthDecoder", "level 0");
  requireImageBatch(l1, e[1], "DepthDecoder", "level 1");
  requireSpatialRatio(d2, "fused feature d2", l1, "level 1", 2, "DepthDecoder");
  requireSpatialRatio(d2, "fused feature d2", l0, "level 0", 4, "DepthDecoder");
  torch::Tensor h = quarterBlock_(torch::cat({upQuarter_(d2), l1}, 1));
  h = halfBlock_(torch::cat({upHalf_(h), l0}, 1));
  h = headConv_(F::silu(headNorm_(h)));
  // The head runs at 1/2; one bilinear x2 and a thin conv reach full resolution cheaply.
  const std::vector<int64_t> size{2 * h.size(2), 2 * h.size(3)};
  h = F::interpolate(
      h, F::InterpolateFuncOptions().size(size).mode(torch::kBilinear).align_corners(false));
  return outConv_(F::silu(h));
}

torch::Tensor DepthDecoderImpl::forward(const std::vector<torch::Tensor>& features) {
  if (features.size() != 4)
    throw Error("DepthDecoder: expects the encoder's 4 feature levels, got " +
                std::to_string(features.size()));
  return decodeFrom(fuseHigh(features[2], features[3]), features[0], features[1]);
}

}  // namespace ds
