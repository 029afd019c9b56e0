#include "core/nn/ConditionalUNet.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/conv.h>
#include <torch/nn/modules/container/modulelist.h>

#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/util/Error.h"

namespace ds {

namespace F = torch::nn::functional;

void ConditionalUNetConfig::check() const {
  const std::string who = "ConditionalUNet config";
  if (inChannels <= 0 || outChannels <= 0)
    throw Error(who + ": inChannels and outChannels must be positive, got " +
                std::to_string(inChannels) + " and " + std::to_string(outChannels));
  if (channels.size() < 2 || channels.size() > 8)
    throw Error(who + ": channels must list 2 to 8 levels, got " + listText(channels));
  for (int64_t c : channels)
    if (c <= 0) throw Error(who + ": channels must be positive, got " + listText(channels));
  if (resBlocks <= 0)
    throw Error(who + ": resBlocks must be positive, got " + std::to_string(resBlocks));
  if (timeEmbedDim < 2 || timeEmbedDim % 2 != 0)
    throw Error(who + ": timeEmbedDim must be even and >= 2, got " + std::to_string(timeEmbedDim));
}

void to_json(nlohmann::json& j, const ConditionalUNetConfig& c) {
  j = {{"inChannels", c.inChannels},
       {"outChannels", c.outChannels},
       {"channels", c.channels},
       {"resBlocks", c.resBlocks},
       {"timeEmbedDim", c.timeEmbedDim}};
}

void from_json(const nlohmann::json& j, ConditionalUNetConfig& c) {
  const std::string who = "ConditionalUNet config";
  configjson::requireKnownKeys(
      j, {"inChannels", "outChannels", "channels", "resBlocks", "timeEmbedDim"}, who);
  configjson::read(j, "inChannels", c.inChannels, who);
  configjson::read(j, "outChannels", c.outChannels, who);
  configjson::read(j, "channels", c.channels, who);
  configjson::read(j, "resBlocks", c.resBlocks, who);
  configjson::read(j, "timeEmbedDim", c.timeEmbedDim, who);
  c.check();
}

ConditionalUNetImpl::ConditionalUNetImpl(const Config& config) : config_(config) {
  config_.check();
  const auto& ch = config_.channels;
  const int64_t levels = int64_t(ch.size()), T = config_.timeEmbedDim;
  timeEmbed_ = register_module("time_embed", TimestepEmbedding(T));
  convIn_ = register_module(
      "conv_in",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(config_.inChannels, ch[0], 3).padding(1)));
  auto down = register_module("down_blocks", torch::nn::ModuleList());
  auto downsample = register_module("downsamples", torch::nn::ModuleList());
  int64_t prev = ch[0];
  for (int64_t i = 0; i < levels; ++i) {
    for (int64_t b = 0; b < config_.resBlocks; ++b) {
      downBlocks_.emplace_back(b == 0 ? prev : ch[i], ch[i], T);
      down->push_back(downBlocks_.back());
    }
    if (i + 1 < levels) {
      downsamples_.emplace_back(ch[i], ch[i]);
      downsample->push_back(downsamples_.back());
    }
    prev = ch[i];
  }
  auto mid = register_module("mid_blocks", torch::nn::ModuleList());
  for (int b = 0; b < 2; ++b) {
    midBlocks_.emplace_back(ch[levels - 1], ch[levels - 1], T);
    mid->push_back(midBlocks_.back());
  }
  // Up path, deepest level first; each level's first block takes the level's skip concatenated.
  auto up = register_module("up_blocks", torch::nn::ModuleList());
  auto upsample = register_module("upsamples", torch::nn::ModuleList());
  for (int64_t i = levels - 1; i >= 0; --i) {
    for (int64_t b = 0; b < config_.resBlocks; ++b) {
      upBlocks_.emplace_back(b == 0 ? 2 * ch[i] : ch[i], ch[i], T);
      up->push_back(upBlocks_.back());
    }
    if (i > 0) {
      upsamples_.emplace_back(ch[i], ch[i - 1]);
      upsample->push_back(upsamples_.back());
    }
  }
  outNorm_ = register_module(
      "out_norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(normGroups(ch[0]), ch[0])));
  outConv_ = register_module(
      "out_conv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(ch[0], config_.outChannels, 3).padding(1)));
  // Zero output: training starts from "predict nothing", the usual stable start for denoisers.
  torch::NoGradGuard noGrad;
  outConv_->weight.zero_();
  outConv_->bias.zero_();
}

void ConditionalUNetImpl::requireSize(const torch::Tensor& x) const {
  requireSizeMultiple(x, config_.sizeMultiple(), "ConditionalUNet");
}

torch::Tensor ConditionalUNetImpl::forward(const torch::Tensor& x, const torch::Tensor& t) {
  requireImageBatch(x, config_.inChannels, "ConditionalUNet", "input");
  requireSize(x);
  return body(convIn_(x), requireTimesteps(t, x.size(0), x.device(), "ConditionalUNet"));
}

UNetInputCache ConditionalUNetImpl::cacheConstantInput(const torch::Tensor& constant) {
  const std::string who = "ConditionalUNet";
  if (!constant.defined() || constant.dim() != 4 || constant.size(1) <= 0 ||
      constant.size(1) >= config_.inChannels)
    throw Error(who + ": the constant input must be [N, k, H, W] with 0 < k < " +
                std::to_string(config_.inChannels) + " channels");
  const int64_t k = constant.size(1);
  requireImageBatch(constant, k, who, "constant input");
  requireSize(constant);
  const torch::Tensor& w = convIn_->weight;
  const auto format = w.suggest_memory_format();  // channels-last weights stay channels-last
  return {F::conv2d(constant, w.slice(1, 0, k).contiguous(format),
                    F::Conv2dFuncOptions().bias(convIn_->bias).padding(1)),
          w.slice(1, k, config_.inChannels).contiguous(format), k};
}

torch::Tensor ConditionalUNetImpl::forwardCached(const torch::Tensor& varying,
                                                 const torch::Tensor& t,
                                                 const UNetInputCache& cache) {
  const std::string who = "ConditionalUNet";
  const int64_t k = cache.constantChannels;
  if (!cache.firstConv.defined() || !cache.varyingWeight.defined() || k <= 0 ||
      k >= config_.inChannels)
    throw Error(who + ": the input cache is empty; build it with cacheConstantInput()");
  requireImageBatch(varying, config_.inChannels - k, who, "varying input");
  const auto& c = cache.firstConv;
  if (c.size(2) != varying.size(2) || c.size(3) != varying.size(3) ||
      (c.size(0) != 1 && c.size(0) != varying.size(0)))
    throw Error(who + ": the input cache (batch " + std::to_string(c.size(0)) + ", " +
                spatialSizeText(c) + ") does not fit the varying input (batch " +
                std::to_string(varying.size(0)) + ", " + spatialSizeText(varying) + ")");
  const torch::Tensor h0 =
      F::conv2d(varying, cache.varyingWeight, F::Conv2dFuncOptions().padding(1)) + c;
  return body(h0, requireTimesteps(t, varying.size(0), varying.device(), who));
}

torch::Tensor ConditionalUNetImpl::body(const torch::Tensor& h0, const torch::Tensor& t) {
  const int64_t levels = int64_t(config_.channels.size()), R = config_.resBlocks;
  const torch::Tensor emb = timeEmbed_(t);
  std::vector<torch::Tensor> skips;
  torch::Tensor h = h0;
  for (int64_t i = 0; i < levels; ++i) {
    for (int64_t b = 0; b < R; ++b)
      h = downBlocks_[size_t(i * R + b)](h, emb);
    skips.push_back(h);
    if (i + 1 < levels) h = downsamples_[size_t(i)](h);
  }
  for (auto& block : midBlocks_)
    h = block(h, emb);
  for (int64_t i = levels - 1, k = 0; i >= 0; --i, ++k) {
    h = torch::cat({h, skips[size_t(i)]}, 1);
    for (int64_t b = 0; b < R; ++b)
      h = upBlocks_[size_t(k * R + b)](h, emb);
    if (i > 0) h = upsamples_[size_t(k)](h);
  }
  return outConv_(F::silu(outNorm_(h)));
}

}  // namespace ds
