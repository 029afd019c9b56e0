#pragma once
// The built-in base network (BaseDepthNet weights + model card, format "builtin") behind the
// BaseModel interface, so the pipeline, eval and the GUI use it like any imported model. It runs
// at a working resolution with the image's aspect ratio kept and resamples its output back.
//
// The network's output is affine-invariant inverse depth and may be negative; predict() maps it
// by a positive scale and a shift (which change nothing for an affine-invariant output) to
// [0.05, 1.05] per image, so every finite pixel is a valid relative inverse depth. The header is
// torch-free.
#include <filesystem>
#include <memory>

#include "core/models/BaseModel.h"
#include "core/models/ModelOptions.h"
#include "core/models/ModelSidecar.h"

namespace ds {

class ModelRegistry;

class BuiltinBaseModel final : public BaseModel {
 public:
  // `cardPath`: the model card (the sidecar). Throws ds::Error naming the file when the card, the
  // checksum or the weights are wrong, or when it is not a BaseDepthNet.
  explicit BuiltinBaseModel(const std::filesystem::path& cardPath,
                            const ModelOptions& options = {});
  ~BuiltinBaseModel() override;

  const ModelInfo& info() const override { return info_; }
  DepthMap predict(const Image& image, ProgressSink& progress, const CancelToken& cancel) override;

  // The working size predict() uses for an image (longer side; see ModelOptions::workingSize).
  int workingLongSide() const;
  // Training steps the card records (0: untrained weights, whose output is not depth).
  long long trainingSteps() const;

 private:
  struct Network;  // keeps torch out of this header
  ModelOptions options_;
  ModelInfo info_;
  std::unique_ptr<Network> net_;
};

// Lets `registry` open "builtin" sidecars (model cards) of base networks.
void registerBuiltinBackend(ModelRegistry& registry);

// Registers every backend that needs LibTorch (builtin, torchscript) on `registry`.
void registerTorchBackends(ModelRegistry& registry);

}  // namespace ds
