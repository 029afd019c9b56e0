#pragma once
// Finds base models and opens them with the backend their sidecar's "format" names. A model is a
// sidecar JSON plus the file it describes; the registry looks for "X.json" or "X/X.json" in its
// search folders, in order: $DEPTHSTUDIO_MODEL_PATH (colon-separated), the user's folder
// (${XDG_DATA_HOME:-~/.local/share}/depthstudio/models), then the folders the application adds
// (the install's share/depthstudio/models, the source tree's resources/models). The first folder
// that has a name wins. Backends register by format so TorchScript and built-ins plug in later.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/models/BaseModel.h"
#include "core/models/ModelOptions.h"
#include "core/models/ModelSidecar.h"

namespace ds {

class ModelRegistry {
 public:
  using Backend =
      std::function<std::unique_ptr<BaseModel>(const ModelSidecar&, const ModelOptions&)>;

  // Starts with the "onnx" backend (OpenCV DNN) registered.
  ModelRegistry();

  // Replaces any backend registered for `format`.
  void registerBackend(const std::string& format, Backend backend);
  std::vector<std::string> formats() const;

  void addSearchFolder(const std::filesystem::path& folder);
  // The folders searched now, in order (the environment is read on every call).
  std::vector<std::filesystem::path> searchFolders() const;

  // `nameOrPath`: a path to a model file (its sidecar beside it) or to a sidecar .json, or a bare
  // name looked up in the search folders. Throws ds::Error naming what was searched, or the file
  // and the problem.
  std::unique_ptr<BaseModel> open(const std::string& nameOrPath,
                                  const ModelOptions& options = {}) const;
  // The sidecar `open` would use, without loading the model.
  ModelSidecar resolve(const std::string& nameOrPath) const;

  // What the search folders hold, from the sidecars alone (no model is loaded; sha256 only when
  // declared). Sidecars that do not parse or whose model file is missing are left out, each with
  // a line in `problems` when given.
  std::vector<ModelInfo> available(std::vector<std::string>* problems = nullptr) const;

 private:
  std::map<std::string, Backend> backends_;
  std::vector<std::filesystem::path> extraFolders_;
};

}  // namespace ds
