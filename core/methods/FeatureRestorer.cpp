#include "core/methods/FeatureRestorer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/methods/EnsembleSampling.h"
#include "core/nn/ConfigJson.h"
#include "core/nn/InputChecks.h"
#include "core/nn/MutualConditionalMap.h"
#include "core/util/Error.h"

namespace ds {

namespace {
const char* kWho = "FeatureRestorer config";
}  // namespace

// Coupling options in the restorer's config (found by nlohmann through ADL, so in namespace ds).
void to_json(nlohmann::json& j, const InvertibleCouplingOptions& o) {
  j = {{"channels", o.channels},
       {"hidden", o.hidden},
       {"logScaleBound", o.logScaleBound},
       {"lipschitz", o.lipschitz},
       {"powerGridSize", o.powerGridSize}};
}

void from_json(const nlohmann::json& j, InvertibleCouplingOptions& o) {
  configjson::requireKnownKeys(
      j, {"channels", "hidden", "logScaleBound", "lipschitz", "powerGridSize"},
      std::string(kWho) + " coupling");
  configjson::read(j, "channels", o.channels, kWho);
  configjson::read(j, "hidden", o.hidden, kWho);
  configjson::read(j, "logScaleBound", o.logScaleBound, kWho);
  configjson::read(j, "lipschitz", o.lipschitz, kWho);
  configjson::read(j, "powerGridSize", o.powerGridSize, kWho);
  o.check();
}

namespace {

// Batch-1 features broadcast over an ensemble of n (a view: no copy).
torch::Tensor broadcastBatch(const torch::Tensor& x, int64_t n) {
  return x.size(0) == n ? x : x.expand({n, x.size(1), x.size(2), x.size(3)});
}

}  // namespace

FeatureRestorerConfig FeatureRestorerConfig::forBase(const BaseDepthNetConfig& base) {
  FeatureRestorerConfig c;
  const auto& ch = base.encoder.channels;
  c.denoiser.featureChannels = base.decoder.fusedChannels;
  c.denoiser.conditionChannels = ch[2] + ch[3];
  c.coupling.channels = int(base.decoder.fusedChannels);
  c.auxView.channels = {int(ch[0]), int(ch[1])};
  return c;
}

void FeatureRestorerConfig::check() const {
  denoiser.check();
  coupling.check();
  auxView.check();
  diffusion.check();
  if (couplingBlocks < 1 || couplingBlocks > 16)
    throw Error(std::string(kWho) + ": couplingBlocks must be 1..16, got " +
                std::to_string(couplingBlocks));
  if (coupling.channels != denoiser.featureChannels)
    throw Error(std::string(kWho) + ": coupling.channels " + std::to_string(coupling.channels) +
                " must equal denoiser.featureChannels " + std::to_string(denoiser.featureChannels));
  if (auxView.channels.size() != 2)
    throw Error(std::string(kWho) + ": auxView must enhance exactly levels 0 and 1");
  if (!(residualScale > 0.0) || !std::isfinite(residualScale))
    throw Error(std::string(kWho) + ": residualScale must be positive");
}

void FeatureRestorerConfig::checkFits(const BaseDepthNetConfig& base) const {
  const FeatureRestorerConfig want = forBase(base);
  const bool fits = denoiser.featureChannels == want.denoiser.featureChannels &&
                    denoiser.conditionChannels == want.denoiser.conditionChannels &&
                    auxView.channels == want.auxView.channels;
  if (!fits)
    throw Error(std::string(kWho) + ": sized for another base network (features " +
                std::to_string(denoiser.featureChannels) + ", condition " +
                std::to_string(denoiser.conditionChannels) + "; this base has " +
                std::to_string(want.denoiser.featureChannels) + " and " +
                std::to_string(want.denoiser.conditionChannels) + ")");
}

void to_json(nlohmann::json& j, const FeatureRestorerConfig& c) {
  j = {{"denoiser", c.denoiser},
       {"coupling", c.coupling},
       {"couplingBlocks", c.couplingBlocks},
       {"auxView", c.auxView.toJson()},
       {"diffusion", c.diffusion},
       {"residualScale", c.residualScale},
       {"baseModel", c.baseModel},
       {"baseSha256", c.baseSha256}};
}

void from_json(const nlohmann::json& j, FeatureRestorerConfig& c) {
  configjson::requireKnownKeys(j,
                               {"denoiser", "coupling", "couplingBlocks", "auxView", "diffusion",
                                "residualScale", "baseModel", "baseSha256"},
                               kWho);
  if (j.contains("denoiser")) from_json(j.at("denoiser"), c.denoiser);
  if (j.contains("coupling")) from_json(j.at("coupling"), c.coupling);
  if (j.contains("auxView")) c.auxView = AuxViewEnhancerConfig::fromJson(j.at("auxView"));
  if (j.contains("diffusion")) from_json(j.at("diffusion"), c.diffusion);
  configjson::read(j, "couplingBlocks", c.couplingBlocks, kWho);
  configjson::read(j, "residualScale", c.residualScale, kWho);
  configjson::read(j, "baseModel", c.baseModel, kWho);
  configjson::read(j, "baseSha256", c.baseSha256, kWho);
  c.check();
}

FeatureRestorerImpl::FeatureRestorerImpl(const Config& config) : config_(config) {
  config_.check();
  denoiser_ = register_module("denoiser", FeatureDenoiser(config_.denoiser));
  invertible_ =
      register_module("invertible", InvertibleStack(config_.coupling, config_.couplingBlocks));
  auxView_ = register_module("aux_view", AuxViewEnhancer(config_.auxView));
}

RestorerFeatures FeatureRestorerImpl::encode(BaseDepthNetImpl& base, const torch::Tensor& rgb,
                                             const std::optional<torch::Tensor>& auxRgb) {
  config_.checkFits(base.config());
  const std::vector<torch::Tensor> levels = base.features(rgb);
  RestorerFeatures f;
  f.d2 = base.decoder()->fuseHigh(levels[2], levels[3]);
  f.mutualMap = mutualConditionalMap(levels[2], levels[3]);
  std::optional<std::vector<torch::Tensor>> auxLevels;
  if (auxRgb) {
    if (auxRgb->sizes() != rgb.sizes())
      throw Error("FeatureRestorer: the auxiliary view " + spatialSizeText(*auxRgb) +
                  " must have the main view's size " + spatialSizeText(rgb));
    auxLevels = base.features(*auxRgb);
  }
  const std::vector<torch::Tensor> low = auxView_->forward(levels, auxLevels);
  f.l0 = low[0];
  f.l1 = low[1];
  f.auxViewUsed = auxLevels.has_value();
  return f;
}

torch::Tensor FeatureRestorerImpl::denoise(const torch::Tensor& xt, const torch::Tensor& t,
                                           const RestorerFeatures& f) {
  return denoiser_(xt, t, broadcastBatch(f.mutualMap, xt.size(0)));
}

torch::Tensor FeatureRestorerImpl::decode(BaseDepthNetImpl& base, const torch::Tensor& x0,
                                          const RestorerFeatures& f) {
  const int64_t n = x0.size(0);
  const torch::Tensor restored = broadcastBatch(f.d2, n) + config_.residualScale * x0;
  return base.decoder()->decodeFrom(invertible_(restored), broadcastBatch(f.l0, n),
                                    broadcastBatch(f.l1, n));
}

DiffusionOutcome FeatureRestorerImpl::restore(BaseDepthNetImpl& base, const torch::Tensor& rgb,
                                              const std::optional<torch::Tensor>& auxRgb,
                                              const DiffusionStageOptions& options,
                                              ProgressSink& progress, const CancelToken& cancel, bool keepTrajectory,
    const FrameSink& onFrame) {
  torch::NoGradGuard noGrad;
  requireImageBatch(rgb, 3, "FeatureRestorer", "image");
  if (rgb.size(0) != 1) throw Error("FeatureRestorer: restores one image at a time");
  const RestorerFeatures f = encode(base, rgb, auxRgb);
  EnsembleSamplingRequest request;
  request.model = config_.diffusion;
  request.options = options;
  request.device = rgb.device();
  request.memberShape = {f.d2.size(1), f.d2.size(2), f.d2.size(3)};
  request.stage = "restored";
  request.keepTrajectory = keepTrajectory;
  request.onFrame = onFrame;
  return sampleEnsemble(
      [&](const torch::Tensor& xt, const torch::Tensor& t) { return denoise(xt, t, f); },
      [&](const torch::Tensor& x0) { return decode(base, x0, f); }, request, progress, cancel);
}

}  // namespace ds
