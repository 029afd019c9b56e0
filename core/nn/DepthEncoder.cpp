#include "core/nn/DepthEncoder.h"

#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/util/Error.h"

namespace ds {

void DepthEncoderConfig::check() const {
  const std::string who = "DepthEncoder config";
  if (inChannels <= 0)
    throw Error(who + ": inChannels must be positive, got " + std::to_string(inChannels));
  if (int64_t(channels.size()) != kLevels)
    throw Error(who + ": channels must list " + std::to_string(kLevels) + " levels, got " +
                listText(channels));
  for (int64_t c : channels)
    if (c <= 0) throw Error(who + ": channels must be positive, got " + listText(channels));
  if (blocksPerLevel <= 0)
    throw Error(who + ": blocksPerLevel must be positive, got " + std::to_string(blocksPerLevel));
  if (contextHeads < 0 || (contextHeads > 0 && channels.back() % contextHeads != 0))
    throw Error(who + ": contextHeads must be 0 or divide channels[3] (" +
                std::to_string(channels.back()) + "), got " + std::to_string(contextHeads));
}

void to_json(nlohmann::json& j, const DepthEncoderConfig& c) {
  j = {
      {"inChannels", c.inChannels}, {"channels", c.channels}, {"blocksPerLevel", c.blocksPerLevel}};
  if (c.contextHeads > 0) j["contextHeads"] = c.contextHeads;  // older cards stay as they were
}

void from_json(const nlohmann::json& j, DepthEncoderConfig& c) {
  const std::string who = "DepthEncoder config";
  configjson::requireKnownKeys(j, {"inChannels", "channels", "blocksPerLevel", "contextHeads"},
                               who);
  configjson::read(j, "inChannels", c.inChannels, who);
  configjson::read(j, "channels", c.channels, who);
  configjson::read(j, "blocksPerLevel", c.blocksPerLevel, who);
  configjson::read(j, "contextHeads", c.contextHeads, who);
  c.check();
}

DepthEncoderImpl::DepthEncoderImpl(const Config& config) : config_(config) {
  config_.check();
  auto downs = register_module("downs", torch::nn::ModuleList());
  auto blocks = register_module("blocks", torch::nn::ModuleList());
  int64_t prev = config_.inChannels;
  for (int64_t level = 0; level < Config::kLevels; ++level) {
    const int64_t c = config_.channels[size_t(level)];
    downs_.emplace_back(prev, c);
    downs->push_back(downs_.back());
    for (int64_t b = 0; b < config_.blocksPerLevel; ++b) {
      blocks_.emplace_back(c, c);
      blocks->push_back(blocks_.back());
    }
    prev = c;
  }
  if (config_.contextHeads > 0)
    context_ = register_module(
        "context", GlobalContextAttention(config_.channels.back(), config_.contextHeads));
}

std::vector<torch::Tensor> DepthEncoderImpl::forward(const torch::Tensor& x) {
  requireImageBatch(x, config_.inChannels, "DepthEncoder", "input image");
  requireSizeMultiple(x, Config::kStride, "DepthEncoder");
  std::vector<torch::Tensor> levels;
  torch::Tensor h = x;
  for (int64_t level = 0; level < Config::kLevels; ++level) {
    h = downs_[size_t(level)](h);
    for (int64_t b = 0; b < config_.blocksPerLevel; ++b)
      h = blocks_[size_t(level * config_.blocksPerLevel + b)](h);
    levels.push_back(h);
  }
  if (context_) levels.back() = context_(levels.back());
  return levels;
}

}  // namespace ds
