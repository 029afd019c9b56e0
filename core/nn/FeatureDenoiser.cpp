#include "core/nn/FeatureDenoiser.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/modules/container/modulelist.h>

#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/nn/MutualConditionalMap.h"
#include "core/util/Error.h"

namespace ds {

void FeatureDenoiserConfig::check() const {
  const std::string who = "FeatureDenoiser config";
  const std::pair<const char*, int64_t> values[] = {{"featureChannels", featureChannels},
                                                    {"conditionChannels", conditionChannels},
                                                    {"hidden", hidden},
                                                    {"blocks", blocks}};
  for (const auto& [name, value] : values)
    if (value <= 0)
      throw Error(who + ": " + name + " must be positive, got " + std::to_string(value));
  if (timeEmbedDim < 2 || timeEmbedDim % 2 != 0)
    throw Error(who + ": timeEmbedDim must be even and >= 2, got " + std::to_string(timeEmbedDim));
}

void to_json(nlohmann::json& j, const FeatureDenoiserConfig& c) {
  j = {{"featureChannels", c.featureChannels},
       {"conditionChannels", c.conditionChannels},
       {"hidden", c.hidden},
       {"blocks", c.blocks},
       {"timeEmbedDim", c.timeEmbedDim}};
}

void from_json(const nlohmann::json& j, FeatureDenoiserConfig& c) {
  const std::string who = "FeatureDenoiser config";
  configjson::requireKnownKeys(
      j, {"featureChannels", "conditionChannels", "hidden", "blocks", "timeEmbedDim"}, who);
  configjson::read(j, "featureChannels", c.featureChannels, who);
  configjson::read(j, "conditionChannels", c.conditionChannels, who);
  configjson::read(j, "hidden", c.hidden, who);
  configjson::read(j, "blocks", c.blocks, who);
  configjson::read(j, "timeEmbedDim", c.timeEmbedDim, who);
  c.check();
}

FeatureDenoiserImpl::FeatureDenoiserImpl(const Config& config) : config_(config) {
  config_.check();
  const auto& c = config_;
  timeEmbed_ = register_module("time_embed", TimestepEmbedding(c.timeEmbedDim));
  convIn_ = register_module(
      "conv_in", torch::nn::Conv2d(
                     torch::nn::Conv2dOptions(c.featureChannels + c.conditionChannels, c.hidden, 3)
                         .padding(1)));
  auto list = register_module("blocks", torch::nn::ModuleList());
  for (int64_t b = 0; b < c.blocks; ++b) {
    blocks_.emplace_back(c.hidden, c.hidden, c.timeEmbedDim);
    list->push_back(blocks_.back());
  }
  outNorm_ = register_module("out_norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(
                                             normGroups(c.hidden), c.hidden)));
  outConv_ = register_module(
      "out_conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(c.hidden, c.featureChannels, 3).padding(1)));
  torch::NoGradGuard noGrad;  // zero output: training starts from "predict nothing"
  outConv_->weight.zero_();
  outConv_->bias.zero_();
}

torch::Tensor FeatureDenoiserImpl::mutualConditionalMap(const torch::Tensor& l2,
                                                        const torch::Tensor& l3) {
  return ds::mutualConditionalMap(l2, l3);
}

torch::Tensor FeatureDenoiserImpl::forward(const torch::Tensor& xt, const torch::Tensor& t,
                                           const torch::Tensor& mutualMap) {
  const std::string who = "FeatureDenoiser";
  requireImageBatch(xt, config_.featureChannels, who, "noisy feature x_t");
  requireImageBatch(mutualMap, config_.conditionChannels, who, "mutual conditional map");
  requireSpatialRatio(xt, "noisy feature x_t", mutualMap, "mutual conditional map", 1, who);
  const torch::Tensor emb = timeEmbed_(requireTimesteps(t, xt.size(0), xt.device(), who));
  torch::Tensor h = convIn_(torch::cat({xt, mutualMap}, 1));
  for (auto& block : blocks_)
    h = block(h, emb);
  return outConv_(torch::nn::functional::silu(outNorm_(h)));
}

}  // namespace ds
