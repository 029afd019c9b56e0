#pragma once
// One model's part of training: its network, its loss on a batch, and its model card. The loop
// around it (optimiser, schedule, checkpoints, logs) is the Trainer's.
#include <torch/nn/module.h>
#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

#include "core/models/ModelCard.h"
#include "core/train/SynthBatches.h"

namespace ds {

// Named loss terms of one step (the first is the total the optimiser minimises).
using LossTerms = std::vector<std::pair<std::string, torch::Tensor>>;

class TrainingTask {
 public:
  virtual ~TrainingTask() = default;
  // What is trained (its parameters get optimised; everything else is frozen).
  virtual torch::nn::Module& network() = 0;
  virtual BatchOptions batchOptions() const = 0;
  virtual LossTerms loss(const TrainBatch& batch, int64_t step) = 0;
  // Writes the weights and the card (architecture filled in by the task); returns the card.
  virtual ModelCard save(ModelCard card, const std::filesystem::path& weightsPath) = 0;
  virtual DepthKind outputKind() const { return DepthKind::RelativeInverseDepth; }
  // What the card says about the data and the method (one paragraph).
  virtual std::string description() const = 0;
};

}  // namespace ds
