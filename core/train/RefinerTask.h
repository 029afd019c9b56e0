#pragma once
// Training the BetterDepth refiner: conditioning depth from the frozen base (most steps) or from
// degraded ground truth (blurred, low-resolution, warped by smooth noise; so the refiner is not
// tied to one base and plugs into any), normalised to [-1, 1] per image as at inference; the
// ground truth is globally pre-aligned into the conditioning's space (least squares, positive
// scale), and local patch masking drops the 8x8 patches where the aligned conditioning is more than
// eta = 0.1 from it, so the refiner learns to add detail where the layout is right rather than to
// redo the layout. v-prediction of the residual, L1.
#include <filesystem>

#include "core/methods/DepthRefiner.h"
#include "core/train/FrozenBase.h"
#include "core/train/TrainingTask.h"

namespace ds {

class RefinerTask final : public TrainingTask {
 public:
  RefinerTask(const std::filesystem::path& baseCard, const torch::Device& device,
              const DepthRefinerConfig& config = {});
  torch::nn::Module& network() override { return *refiner_; }
  BatchOptions batchOptions() const override { return {}; }
  LossTerms loss(const TrainBatch& batch, int64_t step) override;
  ModelCard save(ModelCard card, const std::filesystem::path& weightsPath) override;
  std::string description() const override;

  static constexpr double kPatchEta = 0.1;
  static constexpr int kPatch = 8;

 private:
  FrozenBase base_;
  DepthRefiner refiner_{nullptr};
};

// Ground-truth inverse depth degraded the way a weak base model errs: blur through a lower
// resolution, a smooth multiplicative warp, and noise. [N, 1, H, W], infilled input.
torch::Tensor degradedConditioning(const torch::Tensor& inverseDepth);

}  // namespace ds
