#include "core/pipeline/ResultFolder.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/geometry/SurfaceNormals.h"
#include "core/image/ColorLegend.h"
#include "core/image/Colormap.h"
#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/pipeline/ResultJson.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

constexpr int kLegendWidth = 160;
constexpr int kMinLegendHeight = 256;  // readable labels even for a small depth map

void makeFolder(const fs::path& folder) {
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
    throw Error::file(folder, "exists and is not a folder");
  fs::create_directories(folder, ec);
  if (ec) throw Error::file(folder, "cannot create the output folder: " + ec.message());
}

}  // namespace

std::vector<std::string> writeResultFolder(const PipelineResult& result, const fs::path& folder,
                                           const ResultWriteOptions& options) {
  options.check();
  if (result.stages.empty()) throw Error("nothing to write: the result has no stages");
  makeFolder(folder);
  std::vector<std::string> written;
  nlohmann::json stageFiles = nlohmann::json::array();
  const std::string geometryStage = result.geometryStage().name;
  for (const StageOutput& stage : result.stages) {
    nlohmann::json files;
    const std::string npy = stage.name + ".npy";
    writeDepth(folder / npy, stage.depth);
    files["depth"] = npy;
    written.push_back(npy);

    ColorRange range;
    const Image colours = colorize(stage.depth, options.colormap, &range);
    const std::string png = stage.name + ".png";
    writeImage(folder / png, colours);
    files["colormap"] = png;
    files["colormap_range"] = {range.lo, range.hi};
    written.push_back(png);

    if (options.legend) {
      const std::string legend = stage.name + "_legend.png";
      writeImage(folder / legend,
                 colorLegend(options.colormap, range, stage.depth.kind(), kLegendWidth,
                             std::max(kMinLegendHeight, stage.depth.height())));
      files["legend"] = legend;
      written.push_back(legend);
    }
    if (!stage.uncertainty.empty()) {
      const std::string npyU = stage.name + "_uncertainty.npy";
      const std::string pngU = stage.name + "_uncertainty.png";
      writeDepth(folder / npyU, stage.uncertainty);
      ColormapOptions spread;
      spread.map = ColormapName::Inferno;
      spread.range = RangeMode::Auto;
      writeImage(folder / pngU, colorize(stage.uncertainty, spread, nullptr));
      files["uncertainty"] = npyU;
      files["uncertainty_colormap"] = pngU;
      written.push_back(npyU);
      written.push_back(pngU);
    }
    if (options.trajectories && !stage.trajectory.empty()) {
      const std::string dir = stage.name + "_steps";
      makeFolder(folder / dir);
      nlohmann::json steps = nlohmann::json::array();
      for (size_t k = 0; k < stage.trajectory.size(); ++k) {
        char stem[32];
        std::snprintf(stem, sizeof(stem), "step_%02zu", k + 1);
        const std::string npyS = dir + "/" + stem + ".npy";
        writeDepth(folder / npyS, stage.trajectory[k]);
        writeImage(folder / (dir + "/" + stem + ".png"),
                   colorize(stage.trajectory[k], options.colormap, nullptr));
        steps.push_back(npyS);
        written.push_back(npyS);
      }
      files["steps"] = steps;
    }
    if (options.normals && stage.name == geometryStage) {
      writeImage(folder / "normals.png",
                 normalMap(stage.depth, result.intrinsics, {}, options.normalOptions));
      files["normals"] = "normals.png";
      written.push_back("normals.png");
    }
    stageFiles.push_back(files);
  }
  writeFileAtomically(folder / "result.json", resultToJson(result, stageFiles).dump(2) + "\n");
  written.push_back("result.json");
  return written;
}

const StageOutput& SavedResult::stage(const std::string& name) const {
  std::string names;
  for (const auto& s : stages) {
    if (s.name == name) return s;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  throw Error::file(folder / "result.json", "has no stage '" + name + "' (it has: " + names + ")");
}

SavedResult readResultFolder(const fs::path& folder) {
  const fs::path jsonPath = folder / "result.json";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw Error::file(folder, "is not a result folder");
  if (!fs::exists(jsonPath, ec))
    throw Error::file(jsonPath, "not found (is this a folder written by 'estimate --out'?)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(readFile(jsonPath));
  } catch (const nlohmann::json::exception& e) {
    throw Error::file(jsonPath, std::string("is not valid JSON: ") + e.what());
  }
  SavedResult saved;
  saved.folder = folder;
  try {
    if (j.value("format", "") != "depthstudio-result")
      throw Error("is not a DepthStudio result (\"format\" is not \"depthstudio-result\")");
    saved.imagePath = j.at("input").at("image").get<std::string>();
    saved.intrinsics = intrinsicsFromJson(j.at("intrinsics"));
    saved.geometryStage = j.value("geometry_stage", "");
    for (const auto& s : j.at("stages")) {
      StageOutput stage;
      stage.name = s.at("name").get<std::string>();
      const auto kind = parseDepthKind(s.at("kind").get<std::string>());
      if (!kind) throw Error("stage '" + stage.name + "' has an unknown kind");
      stage.source = s.value("source", "");
      stage.sourceSha256 = s.value("sha256", "");
      stage.milliseconds = s.value("milliseconds", 0.0);
      const fs::path depthFile = folder / s.at("files").at("depth").get<std::string>();
      stage.depth = readDepth(depthFile, DepthReadOptions{1000.0, *kind});
      saved.stages.push_back(std::move(stage));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error::file(jsonPath, std::string("missing or malformed entry: ") + e.what());
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.rfind("'", 0) == 0) throw;  // already names its file
    throw Error::file(jsonPath, what);
  }
  if (saved.stages.empty()) throw Error::file(jsonPath, "lists no stages");
  if (saved.geometryStage.empty()) saved.geometryStage = saved.stages.back().name;
  return saved;
}

}  // namespace ds
