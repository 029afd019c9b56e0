#pragma once
// How an evaluation run aligns and scores predictions (bound by the CLI and the GUI).
#include <string>

#include "core/eval/Alignment.h"

namespace ds {

struct EvalOptions {
  Alignment alignment = Alignment::Auto;  // Auto: by the prediction's kind
  bool perSplit = true;                   // report means per split as well as overall
  // "" uses each frame's own protocol (valid.png, or its range and crop); "nyu" or "kitti" imposes
  // that range and crop on every frame instead (valid.png is then not used).
  std::string convention;

  // Throws ds::Error naming the option that is wrong.
  void check() const;
};

}  // namespace ds
