#pragma once
// Training InvT-IndDiffusion on a frozen base: only the decoded depth supervises (indirect
// supervision). Each step draws the restorer's own clean estimate from pure noise (no gradient),
// re-noises it to a random timestep (step-unrolled denoising), denoises it with gradient, decodes
// it through the invertible blocks and the base decoder, and scores the depth with the same
// scale-and-shift-invariant + gradient loss as the base. Half of the steps give the right view so
// AV-LFE learns to fuse it; the other half train the single-image path.
#include <filesystem>

#include "core/methods/FeatureRestorer.h"
#include "core/train/FrozenBase.h"
#include "core/train/TrainingTask.h"

namespace ds {

class RestorerTask final : public TrainingTask {
 public:
  // residualDraw: scale each sample's residual by a uniform draw in [0, 1] (TrainOptions).
  RestorerTask(const std::filesystem::path& baseCard, const torch::Device& device,
               bool residualDraw = false);
  torch::nn::Module& network() override { return *restorer_; }
  BatchOptions batchOptions() const override;
  LossTerms loss(const TrainBatch& batch, int64_t step) override;
  ModelCard save(ModelCard card, const std::filesystem::path& weightsPath) override;
  std::string description() const override;

 private:
  FrozenBase base_;
  FeatureRestorer restorer_{nullptr};
  bool residualDraw_ = false;
};

}  // namespace ds
