#include "core/models/ModelRegistry.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/models/OnnxModel.h"
#include "core/util/Error.h"

namespace ds {

namespace fs = std::filesystem;

namespace {

// A name is a path when it says so: a separator, a model or sidecar extension, or an existing
// file ("midas_v2.1" is still a name).
bool looksLikePath(const std::string& s) {
  const std::string ext = fs::path(s).extension().string();
  for (const char* known : {".json", ".onnx", ".pt", ".ts", ".torchscript", ".safetensors"})
    if (ext == known) return true;
  return s.find('/') != std::string::npos || fs::is_regular_file(s);
}

std::string listText(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items)
    out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

ModelInfo infoFromSidecar(const ModelSidecar& s) {
  ModelInfo info;
  info.id = s.sidecarPath.stem().string();
  info.name = s.name;
  info.format = s.format;
  info.path = s.modelPath.string();
  info.sidecarPath = s.sidecarPath.string();
  info.sha256 = s.sha256;
  info.outputKind = s.output.kind;
  info.inputWidth = s.input.width;
  info.inputHeight = s.input.height;
  info.license = s.license;
  return info;
}

}  // namespace

ModelRegistry::ModelRegistry() {
  registerBackend("onnx", [](const ModelSidecar& s, const ModelOptions& o) {
    return std::unique_ptr<BaseModel>(std::make_unique<OnnxModel>(s, o));
  });
}

void ModelRegistry::registerBackend(const std::string& format, Backend backend) {
  if (format.empty() || !backend) throw Error("a model backend needs a format name and a function");
  backends_[format] = std::move(backend);
}

std::vector<std::string> ModelRegistry::formats() const {
  std::vector<std::string> out;
  for (const auto& [format, backend] : backends_)
    out.push_back(format);
  return out;
}

void ModelRegistry::addSearchFolder(const fs::path& folder) {
  if (std::find(extraFolders_.begin(), extraFolders_.end(), folder) == extraFolders_.end())
    extraFolders_.push_back(folder);
}

std::vector<fs::path> ModelRegistry::searchFolders() const {
  std::vector<fs::path> out;
  if (const char* env = std::getenv("DEPTHSTUDIO_MODEL_PATH")) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      const size_t end = std::min(list.find(':', start), list.size());
      if (end > start) out.emplace_back(list.substr(start, end - start));
      start = end + 1;
    }
  }
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg)
    out.push_back(fs::path(xdg) / "depthstudio" / "models");
  else if (home && *home)
    out.push_back(fs::path(home) / ".local" / "share" / "depthstudio" / "models");
  for (const auto& f : extraFolders_)
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  return out;
}

ModelSidecar ModelRegistry::resolve(const std::string& nameOrPath) const {
  if (nameOrPath.empty()) throw Error("no model given (a model name or a path to its file)");
  if (looksLikePath(nameOrPath)) {
    const fs::path p(nameOrPath);
    if (p.extension() == ".json") return ModelSidecar::load(p);
    return ModelSidecar::forModel(p);
  }
  std::vector<std::string> searched;
  for (const fs::path& folder : searchFolders()) {
    for (const fs::path& candidate :
         {folder / (nameOrPath + ".json"), folder / nameOrPath / (nameOrPath + ".json")})
      if (fs::is_regular_file(candidate)) return ModelSidecar::load(candidate);
    searched.push_back(folder.string());
  }
  throw Error("no model named '" + nameOrPath + "' (looked for " + nameOrPath + ".json and " +
              nameOrPath + "/" + nameOrPath + ".json in: " + listText(searched) +
              "); give a path to the model file, or add a folder with DEPTHSTUDIO_MODEL_PATH");
}

std::unique_ptr<BaseModel> ModelRegistry::open(const std::string& nameOrPath,
                                               const ModelOptions& options) const {
  const ModelSidecar sidecar = resolve(nameOrPath);
  auto it = backends_.find(sidecar.format);
  if (it == backends_.end())
    throw Error::file(sidecar.sidecarPath,
                      "no backend for format '" + sidecar.format +
                          "' in this build; formats available: " + listText(formats()));
  return it->second(sidecar, options);
}

std::vector<ModelInfo> ModelRegistry::available(std::vector<std::string>* problems) const {
  std::vector<ModelInfo> out;
  std::set<std::string> seen;  // an earlier folder shadows a later one with the same name
  for (const fs::path& folder : searchFolders()) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> sidecars;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const fs::path& p = entry.path();
      if (entry.is_regular_file(ec) && p.extension() == ".json") sidecars.push_back(p);
      const fs::path nested = p / (p.filename().string() + ".json");
      if (entry.is_directory(ec) && fs::is_regular_file(nested, ec)) sidecars.push_back(nested);
    }
    std::sort(sidecars.begin(), sidecars.end());
    for (const fs::path& json : sidecars) {
      if (seen.count(json.stem().string())) continue;
      try {
        const ModelSidecar s = ModelSidecar::load(json);
        if (!fs::exists(s.modelPath))
          throw Error::file(s.modelPath, "model file not found (named by '" + json.string() + "')");
        out.push_back(infoFromSidecar(s));
        seen.insert(json.stem().string());
      } catch (const Error& e) {
        if (problems) problems->push_back(e.what());
      }
    }
  }
  return out;
}

}  // namespace ds
