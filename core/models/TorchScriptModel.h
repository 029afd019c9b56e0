#pragma once
// An imported TorchScript base model (Depth Anything V2, MiDaS, DPT... exported from Python with
// tools/export-torchscript.py) run through LibTorch, described by the same sidecar JSON as ONNX
// models (format "torchscript"; input.name is not used, forward() takes the image tensor alone).
// The output may be [1,1,H,W], [1,H,W] or [H,W], or such a tensor inside a tuple/list (output.name
// = its index, default 0) or a dict (output.name = its key, default the first entry).
// Loading checks what can be checked before the first image: the checksum (when declared), that
// the file is a TorchScript archive, and one forward at the sidecar's input size that must yield
// a single-channel map. The header stays free of torch so ds_models users need not include it.
#include <filesystem>
#include <memory>
#include <string>

#include "core/models/BaseModel.h"
#include "core/models/ModelOptions.h"
#include "core/models/ModelSidecar.h"

namespace ds {

class ModelRegistry;

class TorchScriptModel final : public BaseModel {
 public:
  // Where the network runs. Cuda fails at load when LibTorch sees no CUDA device; Auto takes CUDA
  // when there is one and the CPU otherwise.
  enum class Device { Cpu, Cuda, Auto };
  static const char* toString(Device device);
  // "cpu", "cuda" or "auto"; throws ds::Error naming the value otherwise.
  static Device parseDevice(const std::string& text);

  // The sidecar is "X.json" next to `modelPath`.
  explicit TorchScriptModel(const std::filesystem::path& modelPath,
                            const ModelOptions& options = {}, Device device = Device::Cpu);
  explicit TorchScriptModel(const ModelSidecar& sidecar, const ModelOptions& options = {},
                            Device device = Device::Cpu);
  ~TorchScriptModel() override;

  const ModelInfo& info() const override { return info_; }
  const ModelSidecar& sidecar() const { return sidecar_; }
  // The device chosen at load (never Auto).
  Device device() const { return device_; }
  DepthMap predict(const Image& image, ProgressSink& progress, const CancelToken& cancel) override;

 private:
  struct Network;  // keeps torch::jit out of this header
  ModelSidecar sidecar_;
  ModelOptions options_;
  Device device_ = Device::Cpu;
  ModelInfo info_;
  std::unique_ptr<Network> net_;
};

// Lets `registry` open sidecars with format "torchscript" (ds_models itself does not link torch).
void registerTorchScriptBackend(ModelRegistry& registry,
                                TorchScriptModel::Device device = TorchScriptModel::Device::Cpu);

}  // namespace ds
