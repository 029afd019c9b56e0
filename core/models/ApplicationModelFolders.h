#pragma once
// Where the application's own models live, for the CLI and the GUI alike.
#include <filesystem>

#include "core/models/ModelRegistry.h"

namespace ds {

// Adds <prefix>/share/depthstudio/models next to the running binary (an installed package) and
// `sourceTree`/resources/models (a build that is not installed).
void addApplicationModelFolders(ModelRegistry& registry, const std::filesystem::path& sourceTree);

}  // namespace ds
