#pragma once
// DepthGen (paper 001): depth generated from noise, conditioned on the image alone. The
// denoiser sees concat(image, x_t); samples live in DepthNormalizer's per-image [-1, 1]
// inverse-depth-like space, so the output is relative inverse depth. Several samples give the
// posterior's spread: the uncertainty map.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include "core/methods/DiffusionModelConfig.h"
#include "core/methods/DiffusionOutcome.h"
#include "core/methods/DiffusionStageOptions.h"
#include "core/methods/EnsembleSampling.h"
#include "core/nn/ConditionalUNet.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

struct DepthGeneratorConfig {
  ConditionalUNetConfig unet{4, 1, {24, 48, 96, 96}, 1, 64};  // sized for CPU training
  DiffusionModelConfig diffusion;  // v-prediction

  void check() const;  // inChannels 4, outChannels 1
};
void to_json(nlohmann::json& j, const DepthGeneratorConfig& c);
void from_json(const nlohmann::json& j, DepthGeneratorConfig& c);  // checks the result

class DepthGeneratorImpl : public torch::nn::Module {
 public:
  using Config = DepthGeneratorConfig;
  explicit DepthGeneratorImpl(const Config& config = {});

  // The denoiser for training: x_t [N, 1, H, W], rgb [N, 3, H, W].
  torch::Tensor forward(const torch::Tensor& xt, const torch::Tensor& t, const torch::Tensor& rgb);
  // rgb [1, 3, H, W] in [-1, 1] -> normalised inverse-depth-like samples.
  DiffusionOutcome generate(const torch::Tensor& rgb, const DiffusionStageOptions& options,
                            ProgressSink& progress, const CancelToken& cancel,
                            bool keepTrajectory = true, const FrameSink& onFrame = {});

  const Config& config() const { return config_; }
  ConditionalUNet& unet() { return unet_; }

 private:
  Config config_;
  ConditionalUNet unet_{nullptr};
};
class DepthGenerator : public torch::nn::ModuleHolder<DepthGeneratorImpl> {
 public:
  using torch::nn::ModuleHolder<DepthGeneratorImpl>::ModuleHolder;
  using Impl = DepthGeneratorImpl;
  using Config = DepthGeneratorConfig;
};

}  // namespace ds
