#include "core/methods/BuiltinNetworks.h"

#include <nlohmann/json.hpp>

#include "core/models/ModuleWeights.h"
#include "core/nn/ChannelsLast.h"
#include "core/util/Error.h"

namespace ds {

const char* const kBaseDepthNetName = "BaseDepthNet";
const char* const kFeatureRestorerName = "FeatureRestorer";
const char* const kDepthRefinerName = "DepthRefiner";
const char* const kDepthGeneratorName = "DepthGenerator";

namespace {

template <typename Config>
Config configOf(const ModelCard& card, const char* network) {
  if (card.architecture.network != network)
    throw Error::file(card.cardPath,
                      "describes a " + card.architecture.network + " network, not a " + network);
  try {
    Config config;
    from_json(nlohmann::json::parse(card.architecture.config), config);
    return config;
  } catch (const nlohmann::json::exception& e) {
    throw Error::file(card.cardPath, std::string("architecture.config: ") + e.what());
  } catch (const Error& e) {
    throw Error::file(card.cardPath, std::string("architecture.config: ") + e.what());
  }
}

template <typename Holder>
Holder loadNetwork(const ModelCard& card, const char* network, const torch::Device& device,
                   bool channelsLast) {
  const auto config = configOf<typename Holder::Config>(card, network);
  card.verifyWeights();
  Holder net(config);
  loadModule(*net, card.weightsPath());
  net->to(device);
  net->eval();
  if (channelsLast) convertToChannelsLast(*net);
  return net;
}

template <typename Holder>
ModelCard saveNetwork(Holder& net, ModelCard card, const char* network,
                      const std::filesystem::path& weightsPath) {
  nlohmann::json config = net->config();
  card.architecture.network = network;
  card.architecture.config = config.dump();
  saveModule(*net, weightsPath, {{"network", network}});
  card.recordWeights(weightsPath);
  card.write(ModelCard::pathFor(weightsPath));
  return card;
}

}  // namespace

BaseDepthNet loadBaseDepthNet(const ModelCard& card, const torch::Device& device) {
  return loadNetwork<BaseDepthNet>(card, kBaseDepthNetName, device, true);
}
// The restorer's row search and invertible blocks gain nothing from channels-last.
FeatureRestorer loadFeatureRestorer(const ModelCard& card, const torch::Device& device) {
  return loadNetwork<FeatureRestorer>(card, kFeatureRestorerName, device, false);
}
DepthRefiner loadDepthRefiner(const ModelCard& card, const torch::Device& device) {
  return loadNetwork<DepthRefiner>(card, kDepthRefinerName, device, true);
}
DepthGenerator loadDepthGenerator(const ModelCard& card, const torch::Device& device) {
  return loadNetwork<DepthGenerator>(card, kDepthGeneratorName, device, true);
}

ModelCard saveBuiltin(BaseDepthNet& net, ModelCard card, const std::filesystem::path& path) {
  return saveNetwork(net, std::move(card), kBaseDepthNetName, path);
}
ModelCard saveBuiltin(FeatureRestorer& net, ModelCard card, const std::filesystem::path& path) {
  return saveNetwork(net, std::move(card), kFeatureRestorerName, path);
}
ModelCard saveBuiltin(DepthRefiner& net, ModelCard card, const std::filesystem::path& path) {
  return saveNetwork(net, std::move(card), kDepthRefinerName, path);
}
ModelCard saveBuiltin(DepthGenerator& net, ModelCard card, const std::filesystem::path& path) {
  return saveNetwork(net, std::move(card), kDepthGeneratorName, path);
}

}  // namespace ds
