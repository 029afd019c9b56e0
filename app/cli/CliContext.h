#pragma once
// What every subcommand shares: the cancel token Ctrl-C flips, the model registry with the
// application's search folders, and whether to print progress.
#include "core/models/ModelRegistry.h"
#include "core/util/CancelToken.h"

namespace ds::cli {

struct CliContext {
  CancelToken cancel;
  ModelRegistry registry;
  bool quiet = false;
};

// Adds the folders the application ships models in: <prefix>/share/depthstudio/models next to the
// installed binary, and the source tree's resources/models for a build that is not installed.
void addApplicationModelFolders(ModelRegistry& registry);

}  // namespace ds::cli
