#pragma once
// The immutable outcome of one pipeline run: every stage's depth, the camera it was reconstructed
// with, and the options that made it. Published as std::shared_ptr<const PipelineResult>.
#include <filesystem>
#include <string>
#include <vector>

#include "core/image/Intrinsics.h"
#include "core/pipeline/PipelineOptions.h"
#include "core/pipeline/StageOutput.h"

namespace ds {

struct PipelineResult {
  PipelineOptions options;
  std::filesystem::path imagePath, rightPath;
  int width = 0, height = 0;
  Intrinsics intrinsics;
  // "user" when the user gave a focal length; otherwise the assumed field of view, spelled out.
  std::string intrinsicsSource;
  double baselineM = 0.0;
  std::vector<StageOutput> stages;  // in the order they ran
  double totalMilliseconds = 0.0;
  std::vector<std::string> warnings;  // things the user should know (an alignment that failed, ...)

  const StageOutput* stage(const std::string& name) const;
  // The stage geometry is exported from: the last metric stage if there is one, else the last.
  const StageOutput& geometryStage() const;
};

}  // namespace ds
