#pragma once
// A trained base network that another model builds on (restorer, refiner): loaded from its card,
// frozen, in eval mode on the training device.
#include <torch/types.h>

#include <filesystem>

#include "core/models/ModelCard.h"
#include "core/nn/BaseDepthNet.h"

namespace ds {

struct FrozenBase {
  ModelCard card;
  BaseDepthNet net{nullptr};

  // Throws ds::Error naming the card when it is not a readable base model.
  static FrozenBase load(const std::filesystem::path& cardPath, const torch::Device& device);
  // The base's prediction (no gradient), [N, 1, H, W].
  torch::Tensor predict(const torch::Tensor& rgb);
};

}  // namespace ds
