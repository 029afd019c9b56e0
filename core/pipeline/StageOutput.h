#pragma once
// One stage's output in a pipeline result: its depth map (with its kind), where it came from and
// what it cost.
#include <string>
#include <utility>
#include <vector>

#include "core/image/DepthMap.h"

namespace ds {

struct StageOutput {
  std::string name;          // "base", "stereo", "base_metric" (later "restored", "refined", ...)
  DepthMap depth;            // at the input image's resolution
  std::string source;        // the model id, "stereo-sgbm", or how it was derived
  std::string sourceSha256;  // the model file's checksum when a model made it
  double milliseconds = 0.0;
  // Numbers worth recording (alignment scale and shift, stereo coverage, ...), in order.
  std::vector<std::pair<std::string, double>> stats;
};

}  // namespace ds
