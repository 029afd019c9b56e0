#pragma once
// A result on disk, the folder `depthstudio-cli estimate --out DIR` writes and `export` and `eval
// --pred` read: per stage DIR/<stage>.npy (float32 in the stage's own kind, invalid = NaN),
// DIR/<stage>.png (colour-mapped) and DIR/<stage>_legend.png, DIR/normals.png for the geometry
// stage, for ensembles DIR/<stage>_uncertainty.npy and .png, on request DIR/<stage>_steps/ (each
// diffusion step's x0 estimate as step_NN.npy and .png), and DIR/result.json recording kinds,
// options, timings, calibration and model hashes.
// Every file is written atomically; result.json is written last, so its presence means the
// folder is complete.
#include <filesystem>
#include <string>
#include <vector>

#include "core/geometry/NormalOptions.h"
#include "core/image/ColormapOptions.h"
#include "core/image/Intrinsics.h"
#include "core/pipeline/PipelineResult.h"
#include "core/pipeline/StageOutput.h"

namespace ds {

struct ResultWriteOptions {
  ColormapOptions colormap;
  bool legend = true;   // <stage>_legend.png
  bool normals = true;  // normals.png of the geometry stage
  // Diffusion stages: DIR/<stage>_steps/step_NN.npy and .png, one per step (the trajectory).
  bool trajectories = false;
  NormalOptions normalOptions;
  void check() const {
    colormap.check();
    normalOptions.check();
  }
};

// Creates `folder` if needed. Returns the files written (relative names), result.json last.
// Throws ds::Error naming the file that could not be written.
std::vector<std::string> writeResultFolder(const PipelineResult& result,
                                           const std::filesystem::path& folder,
                                           const ResultWriteOptions& options = {});

// What a saved result holds, read back.
struct SavedResult {
  std::filesystem::path folder;
  std::filesystem::path imagePath;  // the input image, as recorded (may no longer exist)
  Intrinsics intrinsics;
  std::vector<StageOutput> stages;
  std::string geometryStage;
  const StageOutput& stage(const std::string& name) const;  // throws ds::Error listing the stages
};

// Throws ds::Error naming result.json or the stage file when something is missing or malformed.
SavedResult readResultFolder(const std::filesystem::path& folder);

}  // namespace ds
