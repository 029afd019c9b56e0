#pragma once
// How a model is run, independent of its backend; the CLI and GUI bind to these fields.
#include <string>

#include "core/util/Error.h"

namespace ds {

struct ModelOptions {
  // CPU threads for inference; 0 keeps the backend's default (all cores). Backends that share a
  // process-wide pool (OpenCV, LibTorch) apply it process-wide.
  int threads = 0;
  // Built-in networks: the working resolution's longer side in pixels (aspect kept, rounded to
  // the network's multiple); 0 = the resolution the model card says it was trained at. Imported
  // models run at their sidecar's fixed frame and ignore it.
  int workingSize = 0;
  // LibTorch backends: "auto" (CUDA when present), "cpu", "cuda", "cuda:N". ONNX runs on the CPU.
  std::string device = "auto";

  void check() const {
    if (threads < 0 || threads > 1024)
      throw Error("model threads must be between 0 (all cores) and 1024, got " +
                  std::to_string(threads));
    if (workingSize != 0 && (workingSize < 32 || workingSize > 8192))
      throw Error("working size must be 0 (the model's own) or 32..8192 pixels, got " +
                  std::to_string(workingSize));
    if (device.empty()) throw Error("model device must not be empty (auto, cpu, cuda, cuda:N)");
  }
};

}  // namespace ds
