#pragma once
// Runs a depth predictor over an RGB-D dataset and scores it: per frame predict, resize to the
// ground truth, align, clamp to the convention's range, and compute the metrics.
#include <functional>

#include "core/eval/EvalOptions.h"
#include "core/eval/EvalReport.h"
#include "core/eval/RgbdDataset.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class Evaluator {
 public:
  using Predictor = std::function<DepthMap(const RgbdFrame&)>;

  // Frames in dataset order; progress after each frame (stage "eval", step = frame); a cancel is
  // honoured between frames (throws ds::Cancelled). Errors from reading a frame or from the
  // predictor propagate (a frame that cannot be scored is not silently skipped).
  EvalReport run(const RgbdDataset& dataset, const Predictor& predict, const EvalOptions& options,
                 ProgressSink& progress, const CancelToken& cancel) const;

  // Scores one prediction against a loaded frame (the GUI's "metrics when ground truth is
  // loaded" uses this too). A prediction of another size is resized to the ground truth's first:
  // values bilinearly over valid neighbours only (so invalid pixels do not bleed in), validity by
  // nearest neighbour. Throws ds::Error for an empty prediction.
  static EvalFrameRow evaluateFrame(const RgbdFrame& frame, const DepthMap& prediction,
                                    const EvalOptions& options);
};

}  // namespace ds
