#include "core/train/RefinerTask.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/utils.h>

#include "core/methods/BuiltinNetworks.h"
#include "core/methods/DepthNormalizer.h"
#include "core/train/BaseTask.h"
#include "core/train/DepthLosses.h"
#include "core/train/DiffusionTraining.h"

namespace ds {

namespace F = torch::nn::functional;

namespace {

torch::Tensor resize(const torch::Tensor& x, int64_t h, int64_t w) {
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{h, w})
                               .mode(torch::kBilinear)
                               .align_corners(false));
}

}  // namespace

torch::Tensor degradedConditioning(const torch::Tensor& inv) {
  torch::NoGradGuard noGrad;
  const int64_t N = inv.size(0), H = inv.size(2), W = inv.size(3);
  const int64_t factor = 2 + torch::randint(6, {1}).item<int64_t>();
  auto x = resize(resize(inv, std::max<int64_t>(2, H / factor), std::max<int64_t>(2, W / factor)), H, W);
  const auto range = (x.amax({1, 2, 3}, true) - x.amin({1, 2, 3}, true)).clamp_min(1e-6);
  const auto warp = resize(torch::randn({N, 1, 4, 4}, inv.options()), H, W);
  x = x * (1 + 0.15 * warp) + 0.03 * range * torch::randn_like(x);
  return x;
}

RefinerTask::RefinerTask(const std::filesystem::path& baseCard, const torch::Device& device,
                         const DepthRefinerConfig& config)
    : base_(FrozenBase::load(baseCard, device)), refiner_(config) {}

LossTerms RefinerTask::loss(const TrainBatch& batch, int64_t step) {
  const int64_t N = batch.rgb.size(0);
  const auto valid = batch.valid;
  const auto gtInv = inverseDepthTarget(batch);
  torch::Tensor cond, condMask, gtAligned, keep;
  {
    torch::NoGradGuard noGrad;
    const auto dense = DepthNormalizer::infillNearest(gtInv, valid);
    // Three steps in four from the base, one from degraded ground truth.
    const auto raw = step % 4 == 3 ? degradedConditioning(dense) : base_.predict(batch.rgb);
    cond = DepthNormalizer::normalize(raw, torch::ones_like(valid), true).first;
    // Global pre-alignment of the ground truth into the conditioning's normalised space.
    const AffineFit fit = fitPositiveScaleShift(gtInv, cond, valid);
    gtAligned = DepthNormalizer::infillNearest(gtInv * fit.scale + fit.shift, valid);
    // Local patch masking.
    const auto err = ((cond - gtAligned).abs() * valid).to(torch::kFloat32);
    const auto count = F::avg_pool2d(valid.to(torch::kFloat32), F::AvgPool2dFuncOptions(kPatch));
    const auto mean = F::avg_pool2d(err, F::AvgPool2dFuncOptions(kPatch)) / count.clamp_min(1e-6);
    const auto good = ((mean < kPatchEta) & (count > 0)).to(torch::kFloat32);
    keep = F::interpolate(good, F::InterpolateFuncOptions()
                                    .scale_factor(std::vector<double>{double(kPatch), double(kPatch)})
                                    .mode(torch::kNearest)) > 0.5;
    keep = keep & valid;
  }
  const auto x0 = refiner_->sampleFromDepth(gtAligned, cond);
  const NoiseSchedule schedule(refiner_->config().diffusion.schedule);
  const NoisedBatch noised = noiseBatch(schedule, x0);
  const auto out = refiner_->forward(noised.xt, noised.t, batch.rgb, cond);
  const auto loss = diffusionL1(refiner_->config().diffusion.prediction, out, x0, noised, keep);
  const auto kept = keep.to(torch::kFloat32).sum() / valid.to(torch::kFloat32).sum().clamp_min(1);
  (void)N;
  return {{"loss", loss}, {"kept_fraction", kept}};
}

ModelCard RefinerTask::save(ModelCard card, const std::filesystem::path& weightsPath) {
  return saveBuiltin(refiner_, std::move(card), weightsPath);
}

std::string RefinerTask::description() const {
  return "DepthRefiner (BetterDepth) in pixel space at the working resolution: a U-Net on "
         "concat(image, conditioning depth, x_t) with v-prediction of the correction to its "
         "conditioning (target residual, scale 0.25) in per-image [-1, 1]-normalised inverse "
         "depth. Conditioning from the frozen base '" +
         base_.card.cardPath.stem().string() +
         "' on three steps in four and from degraded ground truth on the fourth (plug-and-play "
         "with other bases); global pre-alignment of the ground truth to the conditioning, local "
         "patch masking (8x8 patches, eta 0.1), L1 loss on v, loss on valid pixels only.";
}

}  // namespace ds
