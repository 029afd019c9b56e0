#pragma once
// What every subcommand shares: the cancel token Ctrl-C flips, the model registry with the
// application's search folders, and whether to print progress.
#include "core/util/CancelToken.h"
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
#include "core/models/ModelRegistry.h"
#endif

namespace ds::cli {

struct CliContext {
  CancelToken cancel;
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
  ModelRegistry registry;
#endif
  bool quiet = false;
};

}  // namespace ds::cli
