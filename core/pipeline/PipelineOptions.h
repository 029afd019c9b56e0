#pragma once
// Everything that decides what the pipeline computes; the CLI, the GUI and saved settings bind to
// these fields. Defaults are what a user gets without options.
#include <string>

#include "core/models/ModelOptions.h"
#include "core/stereo/MetricAlignment.h"
#include "core/stereo/SgbmOptions.h"

namespace ds {

struct PipelineOptions {
  // Base model: a name the registry knows or a path to a model file or sidecar. Empty = none: a
  // stereo pair alone gives stereo depth; a single image needs a model.
  std::string model;
  ModelOptions modelOptions;
  // With a stereo pair: run the stereo matcher. Its depth is the base stage when no model is
  // given, and the metric reference the model's output is aligned to when one is.
  bool stereo = true;
  SgbmOptions sgbm;
  MetricAlignmentOptions metricAlignment;

  // Throws ds::Error naming the first bad option.
  void check() const;
};

}  // namespace ds
