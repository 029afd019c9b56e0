#include "core/nn/AuxViewEnhancer.h"

#include <torch/nn/modules/conv.h>
#include <torch/nn/options/conv.h>
#include <torch/utils.h>

#include <ATen/ATen.h>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "core/nn/AuxViewFusion.h"
#include "core/util/Error.h"

namespace ds {

namespace nn = torch::nn;

namespace {

constexpr int kMaxLevels = 4;  // the encoder has four levels; AV-LFE is meant for the low ones

Error configError(const std::string& problem) {
  return Error("AuxViewEnhancerConfig: " + problem);
}

template <typename T>
T readField(const nlohmann::json& j, const char* key, bool integer) {
  if (!j.contains(key)) throw configError(std::string("missing '") + key + "'");
  const nlohmann::json& v = j.at(key);
  if (integer ? !v.is_number_integer() : !v.is_number())
    throw configError(std::string("'") + key + "' must be " +
                      (integer ? "an integer" : "a number") + ", got " + v.dump());
  return v.get<T>();
}

// Each channel standardised over the image, per view (instance normalisation without affine):
// encoder features are often all positive (after ReLU), and without centring every pair of pixels
// would look alike to a cosine score. (Written out: 3x faster than instance_norm on the CPU.)
torch::Tensor standardiseChannels(const torch::Tensor& f) {
  const torch::Tensor centred = f - f.mean({2, 3}, /*keepdim=*/true);
  return centred * at::rsqrt((centred * centred).mean({2, 3}, /*keepdim=*/true) + 1e-5);
}

// Each pixel's feature vector scaled to unit length, so that dot products are cosines. (Written
// out: the norm-based normalize is 20x slower on the CPU for a reduction over channels.)
torch::Tensor unitLength(const torch::Tensor& f) {
  return f * at::rsqrt((f * f).sum(1, /*keepdim=*/true).clamp_min(1e-12));
}

std::string shapeText(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i)
    s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

void AuxViewEnhancerConfig::check() const {
  if (channels.empty() || int(channels.size()) > kMaxLevels)
    throw configError("channels must list 1 to " + std::to_string(kMaxLevels) + " levels, got " +
                      std::to_string(channels.size()));
  for (size_t i = 0; i < channels.size(); ++i)
    if (channels[i] <= 0)
      throw configError("channels[" + std::to_string(i) + "] must be positive, got " +
                        std::to_string(channels[i]));
  const int deepestStride = AuxViewEnhancerImpl::stride(int(channels.size()) - 1);
  if (maxDisparity < deepestStride)
    throw configError("maxDisparity must be at least " + std::to_string(deepestStride) +
                      " px (one candidate on the deepest level), got " +
                      std::to_string(maxDisparity));
  if (!std::isfinite(temperature) || temperature <= 0)
    throw configError("temperature must be positive and finite, got " +
                      std::to_string(temperature));
  if (fusionHidden <= 0)
    throw configError("fusionHidden must be positive, got " + std::to_string(fusionHidden));
}

nlohmann::json AuxViewEnhancerConfig::toJson() const {
  return {{"channels", channels},
          {"maxDisparity", maxDisparity},
          {"temperature", temperature},
          {"fusionHidden", fusionHidden}};
}

AuxViewEnhancerConfig AuxViewEnhancerConfig::fromJson(const nlohmann::json& j) {
  if (!j.is_object()) throw configError("expected a JSON object, got " + j.dump());
  AuxViewEnhancerConfig c;
  if (!j.contains("channels")) throw configError("missing 'channels'");
  const nlohmann::json& ch = j.at("channels");
  if (!ch.is_array()) throw configError("'channels' must be an array, got " + ch.dump());
  c.channels.clear();
  for (const nlohmann::json& v : ch) {
    if (!v.is_number_integer()) throw configError("'channels' must hold integers, got " + v.dump());
    c.channels.push_back(v.get<int>());
  }
  c.maxDisparity = readField<int>(j, "maxDisparity", true);
  c.temperature = readField<double>(j, "temperature", false);
  c.fusionHidden = readField<int>(j, "fusionHidden", true);
  c.check();
  return c;
}

AuxViewEnhancerImpl::AuxViewEnhancerImpl(const AuxViewEnhancerConfig& config) : config_(config) {
  config_.check();
  projections_ = register_module("projections", nn::ModuleList());
  fusions_ = register_module("fusions", nn::ModuleList());
  for (int c : config_.channels) {
    nn::Conv2d projection(nn::Conv2dOptions(c, c, 1).bias(false));
    {
      torch::NoGradGuard noGrad;
      projection->weight.copy_(torch::eye(c).view({c, c, 1, 1}));
    }
    projections_->push_back(projection);
    fusions_->push_back(AuxViewFusion(c, config_.fusionHidden));
  }
}

void AuxViewEnhancerImpl::checkLevel(int level, const torch::Tensor& main,
                                     const torch::Tensor& aux) const {
  const std::string where = "AuxViewEnhancer level " + std::to_string(level) + ": ";
  if (level < 0 || level >= numLevels())
    throw Error("AuxViewEnhancer: level " + std::to_string(level) + " is not one of the " +
                std::to_string(numLevels()) + " enhanced levels");
  if (!main.defined() || main.dim() != 4 || main.size(1) != config_.channels[size_t(level)])
    throw Error(where + "main features must be [N, " +
                std::to_string(config_.channels[size_t(level)]) + ", H, W], got " +
                (main.defined() ? shapeText(main) : std::string("undefined")));
  if (!aux.defined() || aux.sizes() != main.sizes())
    throw Error(where + "aux features " + (aux.defined() ? shapeText(aux) : "undefined") +
                " must have the main features' shape " + shapeText(main));
}

AuxViewAlignment AuxViewEnhancerImpl::alignAux(int level, const torch::Tensor& main,
                                               const torch::Tensor& aux) {
  checkLevel(level, main, aux);
  auto* projection = (*projections_)[size_t(level)]->as<nn::Conv2d>();
  // Unit-length keys make the correlation a cosine score; 1/temperature is folded into the main
  // key (C*H*W multiplications instead of D*H*W).
  // The row search runs on NCHW tensors: with channels-last inputs (a network converted by
  // convertToChannelsLast) its per-candidate products and channel sums are ~1.7x slower.
  const torch::Tensor mainKey =
      unitLength(projection->forward(standardiseChannels(main))).contiguous() *
      (1.0 / config_.temperature);
  const torch::Tensor auxKey =
      unitLength(projection->forward(standardiseChannels(aux))).contiguous();
  return alignAlongRows(mainKey, auxKey, aux.contiguous(), numCandidates(level));
}

std::vector<torch::Tensor> AuxViewEnhancerImpl::forward(
    const std::vector<torch::Tensor>& main, const std::optional<std::vector<torch::Tensor>>& aux) {
  const size_t levels = size_t(numLevels());
  if (main.size() < levels)
    throw Error("AuxViewEnhancer: needs " + std::to_string(levels) + " main feature levels, got " +
                std::to_string(main.size()));
  if (!aux) return std::vector<torch::Tensor>(main.begin(), main.begin() + long(levels));
  if (aux->size() < levels)
    throw Error("AuxViewEnhancer: needs " + std::to_string(levels) + " aux feature levels, got " +
                std::to_string(aux->size()));
  std::vector<torch::Tensor> out;
  out.reserve(levels);
  for (size_t l = 0; l < levels; ++l) {
    const AuxViewAlignment a = alignAux(int(l), main[l], (*aux)[l]);
    out.push_back((*fusions_)[l]->as<AuxViewFusion>()->forward(main[l], a.aligned, a.confidence));
  }
  return out;
}

}  // namespace ds
