#include "core/models/BuiltinBaseModel.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>

#include "core/methods/BorderPadding.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/methods/DeviceChoice.h"
#include "core/methods/ImageTensor.h"
#include "core/methods/PositiveAffine.h"
#include "core/methods/WorkingResolution.h"
#include "core/models/ModelRegistry.h"
#include "core/models/TorchScriptModel.h"
#include "core/nn/DepthEncoder.h"
#include "core/util/Error.h"

namespace ds {

namespace fs = std::filesystem;

struct BuiltinBaseModel::Network {
  ModelCard card;
  BaseDepthNet net{nullptr};
  torch::Device device{torch::kCPU};
  BorderPadding padding;
};

BuiltinBaseModel::BuiltinBaseModel(const fs::path& cardPath, const ModelOptions& options)
    : options_(options), net_(std::make_unique<Network>()) {
  options_.check();
  net_->card = ModelCard::read(cardPath);
  net_->device = resolveDevice(options_.device);
  net_->net = loadBaseDepthNet(net_->card, net_->device);
  try {
    net_->padding = BorderPadding(net_->card.borderPadding);
    net_->padding.checkFits(int(DepthEncoderConfig::kStride));
  } catch (const Error& e) {
    throw Error::file(cardPath, std::string("input.border_padding: ") + e.what());
  }
  const ModelCard& c = net_->card;
  info_.id = cardPath.stem().string();
  info_.name = c.name;
  info_.format = "builtin";
  info_.path = c.weightsPath().string();
  info_.sidecarPath = cardPath.string();
  info_.sha256 = c.weights.sha256;
  info_.outputKind = DepthKind::RelativeInverseDepth;
  info_.inputWidth = c.inputWidth;
  info_.inputHeight = c.inputHeight;
  info_.license = c.license;
}

BuiltinBaseModel::~BuiltinBaseModel() = default;

int BuiltinBaseModel::workingLongSide() const {
  return options_.workingSize > 0 ? options_.workingSize
                                  : std::max(net_->card.inputWidth, net_->card.inputHeight);
}

long long BuiltinBaseModel::trainingSteps() const {
  return net_->card.training.steps;
}

DepthMap BuiltinBaseModel::predict(const Image& image, ProgressSink& progress,
                                   const CancelToken& cancel) {
  if (image.empty()) throw Error("cannot estimate depth for an empty image");
  cancel.throwIfCancelled();
  progress.report({0.0, "base", 0, 0, "running " + info_.id});
  if (options_.threads > 0) at::set_num_threads(options_.threads);
  const WorkingResolution work = WorkingResolution::forImage(
      image.width(), image.height(), workingLongSide(), int(DepthEncoderConfig::kStride));
  torch::Tensor out;
  {
    c10::InferenceMode inference;
    const torch::Tensor rgb = networkImage(image, work.width, work.height).to(net_->device);
    const BorderPadding& border = net_->padding;
    out = positiveAffine(border.crop(net_->net->forward(border.pad(rgb)))).to(torch::kCPU);
  }
  cancel.throwIfCancelled();
  progress.report({0.9, "base", 0, 0, "resampling depth to the image"});
  DepthMap depth =
      depthMapFrom(out, {}, DepthKind::RelativeInverseDepth, image.width(), image.height());
  progress.report({1.0, "base", 0, 0, "done"});
  return depth;
}

void registerBuiltinBackend(ModelRegistry& registry) {
  registry.registerBackend("builtin", [](const ModelSidecar& s, const ModelOptions& o) {
    return std::unique_ptr<BaseModel>(std::make_unique<BuiltinBaseModel>(s.sidecarPath, o));
  });
}

void registerTorchBackends(ModelRegistry& registry) {
  registerBuiltinBackend(registry);
  registerTorchScriptBackend(registry);
}

}  // namespace ds
