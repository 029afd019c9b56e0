#include "core/train/BaseTask.h"

#include <ATen/ATen.h>

#include "core/methods/BuiltinNetworks.h"
#include "core/train/DepthLosses.h"

namespace ds {

torch::Tensor inverseDepthTarget(const TrainBatch& batch) {
  return torch::where(batch.valid, 1.0 / batch.depth.clamp_min(1e-3),
                      torch::zeros_like(batch.depth));
}

BaseTask::BaseTask(const BaseDepthNetConfig& config) : net_(config) {}

BatchOptions BaseTask::batchOptions() const {
  return {};
}

LossTerms BaseTask::loss(const TrainBatch& batch, int64_t) {
  const auto pred = net_->forward(batch.rgb);
  const auto target = inverseDepthTarget(batch);
  const auto ssi = ssiLoss(pred, target, batch.valid);
  const auto grad = gradientMatchingLoss(pred, target, batch.valid);
  return {{"loss", ssi + 0.5 * grad}, {"ssi", ssi}, {"gradient", grad}};
}

ModelCard BaseTask::save(ModelCard card, const std::filesystem::path& weightsPath) {
  return saveBuiltin(net_, std::move(card), weightsPath);
}

std::string BaseTask::description() const {
  const int64_t heads = net_->config().encoder.contextHeads;
  const std::string context = heads > 0 ? " with " + std::to_string(heads) +
                                              "-head global self-attention after its coarsest level"
                                        : "";
  return "BaseDepthNet (four-level encoder" + context +
         ", decoder) predicting affine-invariant relative inverse depth. Trained from scratch on "
         "the project's procedural scenes with the scale-and-shift-invariant loss "
         "(median/MAD-normalised inverse-depth target, least-squares alignment with a positive "
         "scale) plus 0.5 x multi-scale gradient matching, on valid "
         "pixels only; flips and colour jitter. The pipeline maps its output per image to "
         "[0.05, 1.05] (a positive affine map).";
}

}  // namespace ds
