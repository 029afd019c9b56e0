#pragma once
// An imported ONNX base model run through OpenCV DNN (CPU), described by its sidecar JSON.
// Loading checks everything that can be checked before the first image: the file's checksum
// (when the sidecar declares one), that it is a complete ONNX model, that the sidecar's input
// name and shape and its output name match the graph, and that the output is a single-channel map.
#include <filesystem>
#include <memory>

#include "core/models/BaseModel.h"
#include "core/models/ModelOptions.h"
#include "core/models/ModelSidecar.h"

namespace ds {

class OnnxModel final : public BaseModel {
 public:
  // The sidecar is "X.json" next to `onnxPath`.
  explicit OnnxModel(const std::filesystem::path& onnxPath, const ModelOptions& options = {});
  explicit OnnxModel(const ModelSidecar& sidecar, const ModelOptions& options = {});
  ~OnnxModel() override;

  const ModelInfo& info() const override { return info_; }
  const ModelSidecar& sidecar() const { return sidecar_; }
  DepthMap predict(const Image& image, ProgressSink& progress, const CancelToken& cancel) override;

 private:
  struct Network;  // keeps cv::dnn out of this header
  ModelSidecar sidecar_;
  ModelOptions options_;
  ModelInfo info_;
  std::unique_ptr<Network> net_;
};

}  // namespace ds
