#pragma once
// The interface of every base depth model (the pipeline's first stage): ONNX through OpenCV DNN,
// TorchScript and the built-in LibTorch networks. Deliberately free of OpenCV and torch types so
// that any backend fits it and callers need neither.
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/models/ModelInfo.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class BaseModel {
 public:
  virtual ~BaseModel() = default;

  virtual const ModelInfo& info() const = 0;

  // Depth for `image` (grey, RGB or RGBA; converted to RGB) at the IMAGE's resolution, in
  // info().outputKind. Pixels are invalid where the output is not finite, where a depth kind is
  // not positive (inverse depth: negative), and where the network did not see the image (a
  // cropping input frame). Reports stage "base"; honours `cancel` between steps (throws
  // ds::Cancelled). Not thread-safe: one predict at a time per model object.
  virtual DepthMap predict(const Image& image, ProgressSink& progress,
                           const CancelToken& cancel) = 0;
};

}  // namespace ds
