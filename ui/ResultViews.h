#pragma once
// What the views show of a finished run, prepared off the GUI thread: per stage the depth map,
// uncertainty, trajectory frames and the 3D mesh, and with ground truth the metrics. Shared,
// immutable pieces of the immutable PipelineResult.
#include <QString>
#include <memory>
#include <vector>

#include "core/eval/EvalReport.h"
#include "core/image/Image.h"
#include "core/pipeline/PipelineInput.h"
#include "core/pipeline/PipelineResult.h"
#include "ui/MeshModel.h"

namespace ds::ui {

struct StageView {
  QString name;
  std::shared_ptr<const DepthMap> depth, uncertainty;
  std::vector<std::shared_ptr<const DepthMap>> trajectory;
  std::vector<long long> timesteps;
  std::shared_ptr<const MeshModel> mesh;
  bool hasMetrics = false;
  EvalFrameRow metrics;
};

struct ResultViews {
  std::shared_ptr<const PipelineResult> result;
  std::shared_ptr<const PipelineInput> input;
  std::vector<StageView> stages;
  QString groundTruthProblem;  // why metrics are missing, when a ground truth was given

  const StageView* stage(const QString& name) const;
  // `groundTruth`: a depth file to score every stage against (may be empty). `meshStride`: grid
  // subsampling of the meshes (1 = every pixel). Runs on any thread.
  static ResultViews prepare(std::shared_ptr<const PipelineResult> result,
                             std::shared_ptr<const PipelineInput> input, const QString& groundTruth,
                             int meshStride);
};

}  // namespace ds::ui
