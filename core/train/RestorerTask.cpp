#include "core/train/RestorerTask.h"

#include <ATen/ATen.h>
#include <torch/utils.h>

#include "core/diffusion/NoiseSchedule.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/train/BaseTask.h"
#include "core/train/DepthLosses.h"
#include "core/train/DiffusionTraining.h"

namespace ds {

RestorerTask::RestorerTask(const std::filesystem::path& baseCard, const torch::Device& device,
                           bool residualDraw)
    : base_(FrozenBase::load(baseCard, device)), residualDraw_(residualDraw) {
  FeatureRestorerConfig c = FeatureRestorerConfig::forBase(base_.net->config());
  c.baseModel = baseCard.stem().string();
  c.baseSha256 = base_.card.weights.sha256;
  restorer_ = FeatureRestorer(c);
}

BatchOptions RestorerTask::batchOptions() const {
  BatchOptions o;
  o.needRight = true;
  return o;
}

LossTerms RestorerTask::loss(const TrainBatch& batch, int64_t step) {
  const bool withAux = step % 2 == 1;
  const RestorerFeatures f =
      restorer_->encode(*base_.net, batch.rgb, withAux ? std::optional(batch.right) : std::nullopt);
  const NoiseSchedule schedule(restorer_->config().diffusion.schedule);
  const int64_t N = batch.rgb.size(0);
  const std::vector<int64_t> shape{N, f.d2.size(1), f.d2.size(2), f.d2.size(3)};
  torch::Tensor own;
  {
    torch::NoGradGuard noGrad;
    const auto tT = torch::full({N}, schedule.trainSteps() - 1,
                                torch::TensorOptions(torch::kLong).device(f.d2.device()));
    own = restorer_->denoise(torch::randn(shape, f.d2.options()), tT, f).detach();
  }
  const NoisedBatch noised = noiseBatch(schedule, own);
  auto x0 = restorer_->denoise(noised.xt, noised.t, f);
  // Stochastic residual scaling: decode d2 + u * residualScale * x0 with u ~ U(0, 1) per sample.
  if (residualDraw_) x0 = x0 * torch::rand({N, 1, 1, 1}, x0.options());
  const auto depth = restorer_->decode(*base_.net, x0, f);
  const auto target = inverseDepthTarget(batch);
  const auto ssi = ssiLoss(depth, target, batch.valid);
  const auto grad = gradientMatchingLoss(depth, target, batch.valid);
  return {{"loss", ssi + 0.5 * grad}, {"ssi", ssi}, {"gradient", grad}};
}

ModelCard RestorerTask::save(ModelCard card, const std::filesystem::path& weightsPath) {
  return saveBuiltin(restorer_, std::move(card), weightsPath);
}

std::string RestorerTask::description() const {
  return "FeatureRestorer (InvT-IndDiffusion) on the frozen base '" +
         base_.card.cardPath.stem().string() +
         "': a feature-space denoiser conditioned on the mutual conditional map samples a "
         "restoration residual of the base's fused 1/8 feature (sample prediction), decoded "
         "through bounded-scale, spectrally normalised invertible coupling blocks and the base "
         "decoder; AV-LFE aligns and fuses the right view's level-0/1 features. Indirect "
         "supervision only: the scale-and-shift-invariant + gradient loss of the decoded depth, "
         "on the restorer's own re-noised estimates (step-unrolled); the right view on every "
         "second step." +
         std::string(residualDraw_ ? " Each training sample's residual is scaled by a uniform "
                                     "draw in [0, 1] (stochastic residual scaling)."
                                   : "");
}

}  // namespace ds
