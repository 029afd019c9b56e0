#pragma once
// BetterDepth (paper 002): a conditional diffusion refiner that improves the depth of ANY base
// model. The denoiser sees concat(image, conditioning depth c, noisy sample x_t) and predicts v
// (by default). Depth lives in DepthNormalizer's per-image [-1, 1] inverse-depth-like space.
//
// target "residual" (default): the sample is the correction x0 = (d - c) / residualScale, so the
//   refined depth is d = c + residualScale * x0. BetterDepth samples d itself; sampling the
//   correction is the same network with a shifted target, and keeps the refiner anchored to the
//   layout of its conditioning (what global pre-alignment trains it to respect).
// target "depth": the sample is d itself, as in the paper.
// Pixel space at the pipeline's working resolution (no latent autoencoder).
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

struct DepthRefinerConfig {
  ConditionalUNetConfig unet{5, 1, {24, 48, 96, 96}, 1, 64};  // sized for CPU training
  DiffusionModelConfig diffusion;  // v-prediction
  bool residual = true;
  double residualScale = 0.25;

  void check() const;  // inChannels 5, outChannels 1, residualScale > 0
};
void to_json(nlohmann::json& j, const DepthRefinerConfig& c);
void from_json(const nlohmann::json& j, DepthRefinerConfig& c);  // checks the result

class DepthRefinerImpl : public torch::nn::Module {
 public:
  using Config = DepthRefinerConfig;
  explicit DepthRefinerImpl(const Config& config = {});

  // The denoiser for training: x_t, rgb, cond [N, ., H, W] -> output of the prediction type.
  torch::Tensor forward(const torch::Tensor& xt, const torch::Tensor& t, const torch::Tensor& rgb,
                        const torch::Tensor& conditioning);
  // Between the sample space and normalised depth (identity for target "depth").
  torch::Tensor sampleFromDepth(const torch::Tensor& depth,
                                const torch::Tensor& conditioning) const;
  torch::Tensor depthFromSample(const torch::Tensor& x0, const torch::Tensor& conditioning) const;

  // rgb [1, 3, H, W] in [-1, 1]; conditioning [1, 1, H, W] normalised. The outcome is normalised
  // depth (DepthNormalizer's space).
  DiffusionOutcome refine(const torch::Tensor& rgb, const torch::Tensor& conditioning,
                          const DiffusionStageOptions& options, ProgressSink& progress,
                          const CancelToken& cancel, bool keepTrajectory = true,
                           const FrameSink& onFrame = {});

  const Config& config() const { return config_; }
  ConditionalUNet& unet() { return unet_; }

 private:
  Config config_;
  ConditionalUNet unet_{nullptr};
};
class DepthRefiner : public torch::nn::ModuleHolder<DepthRefinerImpl> {
 public:
  using torch::nn::ModuleHolder<DepthRefinerImpl>::ModuleHolder;
  using Impl = DepthRefinerImpl;
  using Config = DepthRefinerConfig;
};

}  // namespace ds
