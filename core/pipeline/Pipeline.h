#pragma once
// Runs the depth stages for one input: the base model and/or stereo matching, and, with both and a
// calibrated pair, the base output aligned into metres. Later issues add restoration and
// refinement stages here. Keeps the last model loaded, so re-runs (the GUI) do not reload it.
#include <memory>
#include <string>

#include "core/models/BaseModel.h"
#include "core/models/ModelRegistry.h"
#include "core/pipeline/PipelineInput.h"
#include "core/pipeline/PipelineOptions.h"
#include "core/pipeline/PipelineResult.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class Pipeline {
 public:
  explicit Pipeline(const ModelRegistry& registry);
  // Throws ds::Error for bad input or options (naming what is wrong), ds::Cancelled when cancelled
  // (checked between stages and inside them).
  std::shared_ptr<const PipelineResult> run(const PipelineInput& input,
                                            const PipelineOptions& options, ProgressSink& progress,
                                            const CancelToken& cancel);

 private:
  BaseModel& model(const std::string& nameOrPath, const ModelOptions& options);

  const ModelRegistry& registry_;
  std::unique_ptr<BaseModel> model_;
  std::string modelKey_;
};

}  // namespace ds
