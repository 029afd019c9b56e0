#include "core/methods/DepthRefiner.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/methods/PixelSpaceSampling.h"
#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/util/Error.h"

namespace ds {

namespace {
const char* kWho = "DepthRefiner config";
}

void DepthRefinerConfig::check() const {
  unet.check();
  diffusion.check();
  if (unet.inChannels != 5 || unet.outChannels != 1)
    throw Error(std::string(kWho) +
                ": the denoiser takes 5 channels (RGB, conditioning, x_t) and returns 1, got " +
                std::to_string(unet.inChannels) + " -> " + std::to_string(unet.outChannels));
  if (!(residualScale > 0.0) || !std::isfinite(residualScale))
    throw Error(std::string(kWho) + ": residualScale must be positive");
}

void to_json(nlohmann::json& j, const DepthRefinerConfig& c) {
  j = {{"unet", c.unet},
       {"diffusion", c.diffusion},
       {"target", c.residual ? "residual" : "depth"},
       {"residualScale", c.residualScale}};
}

void from_json(const nlohmann::json& j, DepthRefinerConfig& c) {
  configjson::requireKnownKeys(j, {"unet", "diffusion", "target", "residualScale"}, kWho);
  if (j.contains("unet")) from_json(j.at("unet"), c.unet);
  if (j.contains("diffusion")) from_json(j.at("diffusion"), c.diffusion);
  std::string target = c.residual ? "residual" : "depth";
  configjson::read(j, "target", target, kWho);
  if (target != "residual" && target != "depth")
    throw Error(std::string(kWho) + ": target must be 'residual' or 'depth', got '" + target + "'");
  c.residual = target == "residual";
  configjson::read(j, "residualScale", c.residualScale, kWho);
  c.check();
}

DepthRefinerImpl::DepthRefinerImpl(const Config& config) : config_(config) {
  config_.check();
  unet_ = register_module("unet", ConditionalUNet(config_.unet));
}

torch::Tensor DepthRefinerImpl::forward(const torch::Tensor& xt, const torch::Tensor& t,
                                        const torch::Tensor& rgb,
                                        const torch::Tensor& conditioning) {
  requireImageBatch(rgb, 3, "DepthRefiner", "image");
  requireImageBatch(conditioning, 1, "DepthRefiner", "conditioning depth");
  requireImageBatch(xt, 1, "DepthRefiner", "noisy sample");
  return unet_(torch::cat({rgb, conditioning, xt}, 1), t);
}

torch::Tensor DepthRefinerImpl::sampleFromDepth(const torch::Tensor& depth,
                                                const torch::Tensor& conditioning) const {
  return config_.residual ? (depth - conditioning) / config_.residualScale : depth;
}

torch::Tensor DepthRefinerImpl::depthFromSample(const torch::Tensor& x0,
                                                const torch::Tensor& conditioning) const {
  return config_.residual ? conditioning + config_.residualScale * x0 : x0;
}

DiffusionOutcome DepthRefinerImpl::refine(const torch::Tensor& rgb,
                                          const torch::Tensor& conditioning,
                                          const DiffusionStageOptions& options,
                                          ProgressSink& progress, const CancelToken& cancel, bool keepTrajectory,
    const FrameSink& onFrame) {
  requireImageBatch(rgb, 3, "DepthRefiner", "image");
  requireImageBatch(conditioning, 1, "DepthRefiner", "conditioning depth");
  requireSpatialRatio(rgb, "image", conditioning, "conditioning depth", 1, "DepthRefiner");
  const torch::Tensor cond = conditioning.to(rgb.device(), torch::kFloat32);
  return samplePixelSpace(
      *unet_, torch::cat({rgb, cond}, 1), config_.diffusion, options, "refined",
      [&](const torch::Tensor& x0) { return depthFromSample(x0, cond); }, progress, cancel,
      keepTrajectory, onFrame);
}

}  // namespace ds
