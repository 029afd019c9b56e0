#pragma once
// InvT-IndDiffusion (paper 000): restores the base network's high-level feature by diffusion in
// feature space, and decodes it through an invertible, bi-Lipschitz first stage.
//
//   l0..l3 = base encoder(rgb);  m = mutual conditional map concat(l2, up(l3));
//   d2 = base decoder.fuseHigh(l2, l3)                      (the "degraded" feature, 1/8)
//   x  ~ reverse diffusion of the FeatureDenoiser conditioned on m (x0 = restoration residual)
//   restored feature f = d2 + residualScale * x0
//   depth = base decoder.decodeFrom(InvertibleStack(f), l0', l1')
// with l0', l1' the low levels enhanced by AV-LFE when an auxiliary (right) view is given and l0,
// l1 otherwise. The base network is not part of this module (nor of its weights file): the
// restorer works on a frozen base, named with its checksum in the config, so "restored" is a
// restoration of exactly the "base" it is compared with.
//
// Freshly built, everything new is the identity (zero output conv of the denoiser, zero last conv
// of every coupling block, zero update of the fusion), so an untrained restorer reproduces the
// base output exactly; training can only add what helps.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/methods/DiffusionModelConfig.h"
#include "core/methods/DiffusionOutcome.h"
#include "core/methods/DiffusionStageOptions.h"
#include "core/methods/EnsembleSampling.h"
#include "core/nn/AuxViewEnhancer.h"
#include "core/nn/BaseDepthNet.h"
#include "core/nn/FeatureDenoiser.h"
#include "core/nn/InvertibleCouplingOptions.h"
#include "core/nn/InvertibleStack.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

struct FeatureRestorerConfig {
  FeatureDenoiserConfig denoiser;
  InvertibleCouplingOptions coupling{96, 64, 0.5, 1.0, 32};
  int couplingBlocks = 2;
  AuxViewEnhancerConfig auxView;
  DiffusionModelConfig diffusion{{}, PredictionType::Sample};
  double residualScale = 1.0;
  std::string baseModel;   // the base model's registry id
  std::string baseSha256;  // its weights' checksum (empty: not pinned, e.g. in tests)

  // The sizes a base network dictates: denoiser feature/condition channels, coupling channels,
  // AV-LFE channels; everything else default.
  static FeatureRestorerConfig forBase(const BaseDepthNetConfig& base);
  // ds::Error naming the field.
  void check() const;
  // ds::Error when the sizes do not fit `base`.
  void checkFits(const BaseDepthNetConfig& base) const;
};
void to_json(nlohmann::json& j, const FeatureRestorerConfig& c);
void from_json(const nlohmann::json& j, FeatureRestorerConfig& c);  // checks the result

// The base features of one image, prepared once per restoration run.
struct RestorerFeatures {
  torch::Tensor l0, l1;     // low levels (AV-LFE-enhanced when an aux view was given)
  torch::Tensor d2;         // the base's fused high-level feature
  torch::Tensor mutualMap;  // concat(l2, up(l3))
  bool auxViewUsed = false;
};

class FeatureRestorerImpl : public torch::nn::Module {
 public:
  using Config = FeatureRestorerConfig;
  explicit FeatureRestorerImpl(const Config& config = {});

  // rgb, auxRgb: [N, 3, H, W] normalised to [-1, 1], H and W multiples of 16.
  RestorerFeatures encode(BaseDepthNetImpl& base, const torch::Tensor& rgb,
                          const std::optional<torch::Tensor>& auxRgb);
  // The denoiser's output for x_t [N, C, h, w] (features of batch 1 broadcast over N).
  torch::Tensor denoise(const torch::Tensor& xt, const torch::Tensor& t, const RestorerFeatures& f);
  // Depth (relative inverse, [N, 1, H, W]) from restoration residuals x0 [N, C, h, w].
  torch::Tensor decode(BaseDepthNetImpl& base, const torch::Tensor& x0, const RestorerFeatures& f);

  // The whole reverse diffusion: an ensemble of options.ensemble members as one batch.
  DiffusionOutcome restore(BaseDepthNetImpl& base, const torch::Tensor& rgb,
                           const std::optional<torch::Tensor>& auxRgb,
                           const DiffusionStageOptions& options, ProgressSink& progress,
                           const CancelToken& cancel, bool keepTrajectory = true,
                           const FrameSink& onFrame = {});

  const Config& config() const { return config_; }
  FeatureDenoiser& denoiser() { return denoiser_; }
  InvertibleStack& invertible() { return invertible_; }
  AuxViewEnhancer& auxView() { return auxView_; }

 private:
  Config config_;
  FeatureDenoiser denoiser_{nullptr};
  InvertibleStack invertible_{nullptr};
  AuxViewEnhancer auxView_{nullptr};
};
class FeatureRestorer : public torch::nn::ModuleHolder<FeatureRestorerImpl> {
 public:
  using torch::nn::ModuleHolder<FeatureRestorerImpl>::ModuleHolder;
  using Impl = FeatureRestorerImpl;
  using Config = FeatureRestorerConfig;
};

}  // namespace ds
