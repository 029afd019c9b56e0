#include "core/models/ApplicationModelFolders.h"

namespace fs = std::filesystem;

namespace ds {

void addApplicationModelFolders(ModelRegistry& registry, const fs::path& sourceTree) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    registry.addSearchFolder(self.parent_path().parent_path() / "share" / "depthstudio" / "models");
  registry.addSearchFolder(sourceTree / "resources" / "models");
}

}  // namespace ds
