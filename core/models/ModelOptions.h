#pragma once
// How a model is run, independent of its backend; the CLI and GUI bind to these fields.
#include <string>

#include "core/util/Error.h"

namespace ds {

struct ModelOptions {
  // CPU threads for inference; 0 keeps the backend's default (all cores). Backends that share a
  // process-wide pool (OpenCV) apply it process-wide.
  int threads = 0;

  void check() const {
    if (threads < 0 || threads > 1024)
      throw Error("model threads must be between 0 (all cores) and 1024, got " +
                  std::to_string(threads));
  }
};

}  // namespace ds
