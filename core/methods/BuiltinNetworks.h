#pragma once
// The built-in networks as files: weights (safetensors) plus the model card beside them, whose
// "architecture" names the network and holds its configuration. Loading checks the card's
// checksum against the weights, that the card names the expected network, and every tensor's
// name, shape and dtype; each problem is a ds::Error naming the file.
#include <torch/types.h>

#include <filesystem>
#include <string>

#include "core/methods/DepthGenerator.h"
#include "core/methods/DepthRefiner.h"
#include "core/methods/FeatureRestorer.h"
#include "core/models/ModelCard.h"
#include "core/nn/BaseDepthNet.h"

namespace ds {

// The architecture.network names of the four built-in networks.
extern const char* const kBaseDepthNetName;     // "BaseDepthNet"
extern const char* const kFeatureRestorerName;  // "FeatureRestorer"
extern const char* const kDepthRefinerName;     // "DepthRefiner"
extern const char* const kDepthGeneratorName;   // "DepthGenerator"

// Loaded on `device`, in eval mode; convolution weights channels-last (faster with oneDNN).
BaseDepthNet loadBaseDepthNet(const ModelCard& card, const torch::Device& device);
FeatureRestorer loadFeatureRestorer(const ModelCard& card, const torch::Device& device);
DepthRefiner loadDepthRefiner(const ModelCard& card, const torch::Device& device);
DepthGenerator loadDepthGenerator(const ModelCard& card, const torch::Device& device);

// Writes the weights to `weightsPath` and `card` (architecture filled in, checksum recorded) to
// ModelCard::pathFor(weightsPath), both atomically. Returns the card as written.
ModelCard saveBuiltin(BaseDepthNet& net, ModelCard card, const std::filesystem::path& weightsPath);
ModelCard saveBuiltin(FeatureRestorer& net, ModelCard card,
                      const std::filesystem::path& weightsPath);
ModelCard saveBuiltin(DepthRefiner& net, ModelCard card, const std::filesystem::path& weightsPath);
ModelCard saveBuiltin(DepthGenerator& net, ModelCard card,
                      const std::filesystem::path& weightsPath);

}  // namespace ds
