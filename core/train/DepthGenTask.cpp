#include "core/train/DepthGenTask.h"

#include <ATen/ATen.h>
#include <torch/utils.h>

#include "core/diffusion/PredictionConversion.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/methods/DepthNormalizer.h"
#include "core/train/BaseTask.h"
#include "core/train/DiffusionTraining.h"

namespace ds {

DepthGenTask::DepthGenTask(const DepthGeneratorConfig& config) : net_(config) {}

LossTerms DepthGenTask::loss(const TrainBatch& batch, int64_t step) {
  torch::Tensor x0;
  {
    torch::NoGradGuard noGrad;
    x0 = DepthNormalizer::normalize(inverseDepthTarget(batch), batch.valid, true).first;
  }
  const NoiseSchedule schedule(net_->config().diffusion.schedule);
  const PredictionType type = net_->config().diffusion.prediction;
  NoisedBatch noised = noiseBatch(schedule, x0);
  if (step % 2 == 1) {  // step-unrolled denoising
    torch::NoGradGuard noGrad;
    const auto estimate = predictedSample(type, net_->forward(noised.xt, noised.t, batch.rgb),
                                          noised.xt, noised.alphaBar);
    noised = renoise(noised, estimate.clamp(-1.5, 1.5));
  }
  const auto out = net_->forward(noised.xt, noised.t, batch.rgb);
  const auto loss = diffusionL1(type, out, x0, noised, batch.valid);
  return {{"loss", loss}};
}

ModelCard DepthGenTask::save(ModelCard card, const std::filesystem::path& weightsPath) {
  return saveBuiltin(net_, std::move(card), weightsPath);
}

std::string DepthGenTask::description() const {
  return "DepthGenerator (DepthGen) in pixel space: a U-Net on concat(image, x_t) with "
         "v-prediction of per-image [-1, 1]-normalised inverse depth, generated from noise given "
         "the image alone. Nearest-neighbour infilling of missing ground truth for the noised "
         "target, L1 loss on the valid pixels, step-unrolled denoising on every second step.";
}

}  // namespace ds
