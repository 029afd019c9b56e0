#pragma once
// What the application shows and records about a base depth model: identity, file, checksum,
// what its output means and the input frame it works in. Plain data, so every backend (ONNX,
// TorchScript, built-in LibTorch networks) fills the same record.
#include <string>

#include "core/image/DepthKind.h"

namespace ds {

struct ModelInfo {
  std::string id;           // the bare name the registry opens it by (the sidecar's file stem)
  std::string name;         // display name from the sidecar
  std::string format;       // "onnx", "torchscript", "builtin"
  std::string path;         // the model file
  std::string sidecarPath;  // the JSON that describes it
  std::string sha256;  // of the model file; in registry listings only when the sidecar declares it
  DepthKind outputKind = DepthKind::RelativeDepth;
  int inputWidth = 0;  // the network's input frame in pixels
  int inputHeight = 0;
  std::string license;
};

}  // namespace ds
