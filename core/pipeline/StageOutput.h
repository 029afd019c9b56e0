#pragma once
// One stage's output in a pipeline result: its depth map (with its kind), where it came from and
// what it cost, and for diffusion stages the per-step trajectory and the ensemble's spread.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/image/DepthMap.h"

namespace ds {

struct StageOutput {
  // "base", "stereo", "base_metric", "restored", "refined", "depthgen"
  std::string name;
  DepthMap depth;            // at the input image's resolution
  std::string source;        // the model id, "stereo-sgbm", or how it was derived
  std::string sourceSha256;  // the model file's checksum when a model made it
  double milliseconds = 0.0;
  // Numbers worth recording (alignment scale and shift, stereo coverage, steps, ...), in order.
  std::vector<std::pair<std::string, double>> stats;
  // Diffusion stages: the x0 estimate of every step, in sampling order, in the stage's kind, at
  // the working resolution (the last equals `depth` before resampling to the image);
  // `timesteps` holds each step's training timestep.
  std::vector<DepthMap> trajectory;
  std::vector<int64_t> timesteps;
  // Diffusion stages with an ensemble of two or more: per-pixel standard deviation of the aligned
  // members as a fraction of the result's 2nd..98th percentile range in the space the stage
  // samples in (0 = all members agree), at the image's resolution; stored with kind
  // relative_inverse_depth so that 0 is a valid value. Empty otherwise.
  DepthMap uncertainty;
  std::string conditionedOn;  // refined: the stage it refined
};

}  // namespace ds
