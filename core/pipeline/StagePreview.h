#pragma once
// A diffusion step's x0 estimate as it arrives during a run (the GUI shows it live), at the
// working resolution, in the stage's kind.
#include <functional>
#include <string>

#include "core/image/DepthMap.h"

namespace ds {

struct StagePreview {
  std::string stage;  // "restored", "refined", "depthgen"
  int step = 0, steps = 0;
  DepthMap depth;
};

// Called on the pipeline's thread; must be cheap or hand the preview on (queued).
using PreviewSink = std::function<void(const StagePreview& preview)>;

}  // namespace ds
