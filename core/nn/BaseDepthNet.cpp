#include "core/nn/BaseDepthNet.h"

#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/util/Error.h"

namespace ds {

void BaseDepthNetConfig::check() const {
  encoder.check();
  decoder.check();
  if (decoder.encoderChannels != encoder.channels)
    throw Error("BaseDepthNet config: decoder.encoderChannels " +
                listText(decoder.encoderChannels) + " do not match encoder.channels " +
                listText(encoder.channels));
}

void to_json(nlohmann::json& j, const BaseDepthNetConfig& c) {
  j = {{"encoder", c.encoder}, {"decoder", c.decoder}};
}

void from_json(const nlohmann::json& j, BaseDepthNetConfig& c) {
  const std::string who = "BaseDepthNet config";
  configjson::requireKnownKeys(j, {"encoder", "decoder"}, who);
  if (j.contains("encoder")) from_json(j.at("encoder"), c.encoder);
  if (j.contains("decoder")) from_json(j.at("decoder"), c.decoder);
  c.check();
}

BaseDepthNetImpl::BaseDepthNetImpl(const Config& config) : config_(config) {
  config_.check();
  encoder_ = register_module("encoder", DepthEncoder(config_.encoder));
  decoder_ = register_module("decoder", DepthDecoder(config_.decoder));
}

torch::Tensor BaseDepthNetImpl::forward(const torch::Tensor& rgb) {
  return decoder_(encoder_(rgb));
}

std::vector<torch::Tensor> BaseDepthNetImpl::features(const torch::Tensor& rgb) {
  return encoder_(rgb);
}

}  // namespace ds
