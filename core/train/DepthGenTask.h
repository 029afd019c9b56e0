#pragma once
// Training DepthGen: depth from noise given the image alone, with the paper's tricks: the ground
// truth's holes filled from the nearest valid pixel for the noised target (loss on the originally
// valid pixels only), L1, and step-unrolled denoising on half of the steps (the model's own x0
// estimate re-noised to the same timestep is what it learns from).
#include "core/methods/DepthGenerator.h"
#include "core/train/TrainingTask.h"

namespace ds {

class DepthGenTask final : public TrainingTask {
 public:
  explicit DepthGenTask(const DepthGeneratorConfig& config = {});
  torch::nn::Module& network() override { return *net_; }
  BatchOptions batchOptions() const override { return {}; }
  LossTerms loss(const TrainBatch& batch, int64_t step) override;
  ModelCard save(ModelCard card, const std::filesystem::path& weightsPath) override;
  std::string description() const override;

 private:
  DepthGenerator net_{nullptr};
};

}  // namespace ds
