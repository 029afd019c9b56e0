#include "core/methods/DepthGenerator.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/methods/PixelSpaceSampling.h"
#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/util/Error.h"

namespace ds {

void DepthGeneratorConfig::check() const {
  unet.check();
  diffusion.check();
  if (unet.inChannels != 4 || unet.outChannels != 1)
    throw Error(
        "DepthGenerator config: the denoiser takes 4 channels (RGB, x_t) and returns 1, "
        "got " +
        std::to_string(unet.inChannels) + " -> " + std::to_string(unet.outChannels));
}

void to_json(nlohmann::json& j, const DepthGeneratorConfig& c) {
  j = {{"unet", c.unet}, {"diffusion", c.diffusion}};
}

void from_json(const nlohmann::json& j, DepthGeneratorConfig& c) {
  configjson::requireKnownKeys(j, {"unet", "diffusion"}, "DepthGenerator config");
  if (j.contains("unet")) from_json(j.at("unet"), c.unet);
  if (j.contains("diffusion")) from_json(j.at("diffusion"), c.diffusion);
  c.check();
}

DepthGeneratorImpl::DepthGeneratorImpl(const Config& config) : config_(config) {
  config_.check();
  unet_ = register_module("unet", ConditionalUNet(config_.unet));
}

torch::Tensor DepthGeneratorImpl::forward(const torch::Tensor& xt, const torch::Tensor& t,
                                          const torch::Tensor& rgb) {
  requireImageBatch(rgb, 3, "DepthGenerator", "image");
  requireImageBatch(xt, 1, "DepthGenerator", "noisy sample");
  return unet_(torch::cat({rgb, xt}, 1), t);
}

DiffusionOutcome DepthGeneratorImpl::generate(const torch::Tensor& rgb,
                                              const DiffusionStageOptions& options,
                                              ProgressSink& progress, const CancelToken& cancel, bool keepTrajectory,
    const FrameSink& onFrame) {
  requireImageBatch(rgb, 3, "DepthGenerator", "image");
  return samplePixelSpace(
      *unet_, rgb, config_.diffusion, options, "depthgen",
      [](const torch::Tensor& x0) { return x0; }, progress, cancel, keepTrajectory, onFrame);
}

}  // namespace ds
