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

#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
// Adds the folders the application ships models in: <prefix>/share/depthstudio/models next to the
// installed binary, and the source tree's resources/models for a build that is not installed.
void addApplicationModelFolders(ModelRegistry& registry);
#endif

}  // namespace ds::cli
