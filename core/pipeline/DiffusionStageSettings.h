#pragma once
// One diffusion stage of the pipeline (restore, refine, DepthGen): whether it runs, which
// model, and how it samples. The CLI, the GUI and saved settings bind to these fields.
#include <string>

#include "core/methods/DiffusionStageOptions.h"

namespace ds {

struct DiffusionStageSettings {
  bool enabled = false;
  std::string model;  // registry name or path of the model card
  DiffusionStageOptions sampling;

  // Throws ds::Error prefixed with `stage` when enabled and an option is wrong.
  void check(const std::string& stage) const;
};

}  // namespace ds
