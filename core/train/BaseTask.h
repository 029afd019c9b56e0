#pragma once
// Training the built-in base network: relative inverse depth, scale-and-shift-invariant loss with
// a positive scale plus multi-scale gradient matching, on the valid pixels of synthetic frames.
#include "core/nn/BaseDepthNet.h"
#include "core/train/TrainingTask.h"

namespace ds {

class BaseTask final : public TrainingTask {
 public:
  explicit BaseTask(const BaseDepthNetConfig& config = {});
  torch::nn::Module& network() override { return *net_; }
  BatchOptions batchOptions() const override;
  LossTerms loss(const TrainBatch& batch, int64_t step) override;
  ModelCard save(ModelCard card, const std::filesystem::path& weightsPath) override;
  std::string description() const override;

 private:
  BaseDepthNet net_{nullptr};
};

// Inverse depth 1/d where the batch is valid, 0 elsewhere.
torch::Tensor inverseDepthTarget(const TrainBatch& batch);

}  // namespace ds
