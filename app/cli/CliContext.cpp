#include "app/cli/CliContext.h"

#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace ds::cli {

namespace {

fs::path executableFolder() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

void addApplicationModelFolders(ModelRegistry& registry) {
  const fs::path bin = executableFolder();
  if (!bin.empty())
    registry.addSearchFolder(bin.parent_path() / "share" / "depthstudio" / "models");
  registry.addSearchFolder(fs::path(DEPTHSTUDIO_SOURCE_DIR) / "resources" / "models");
}

}  // namespace ds::cli
