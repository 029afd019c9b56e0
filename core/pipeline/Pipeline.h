#pragma once
// Runs the depth stages for one input: the base model and/or stereo matching; with both and a
// calibrated pair, the base output aligned into metres; then, on request, the diffusion stages:
// restored (InvT-IndDiffusion, with AV-LFE for a pair), refined (BetterDepth, on the best dense
// depth so far) and depthgen (DepthGen). Keeps the networks loaded, so re-runs (the GUI) do not
// reload them. The registry must have the LibTorch backends (registerTorchBackends) for built-in
// and TorchScript base models.
#include <memory>
#include <string>

#include "core/models/BaseModel.h"
#include "core/models/ModelRegistry.h"
#include "core/pipeline/DiffusionStages.h"
#include "core/pipeline/PipelineInput.h"
#include "core/pipeline/PipelineOptions.h"
#include "core/pipeline/PipelineResult.h"
#include "core/pipeline/StagePreview.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class Pipeline {
 public:
  explicit Pipeline(const ModelRegistry& registry);
  ~Pipeline();
  // Throws ds::Error for bad input or options (naming what is wrong), ds::Cancelled when cancelled
  // (checked between stages and inside them).
  // `previews` (optional) receives every diffusion step's estimate as it arrives.
  std::shared_ptr<const PipelineResult> run(const PipelineInput& input,
                                            const PipelineOptions& options, ProgressSink& progress,
                                            const CancelToken& cancel,
                                            const PreviewSink& previews = {});

 private:
  BaseModel& model(const std::string& nameOrPath, const ModelOptions& options);
  // The base model to run: the option, else the built-in base when one is installed.
  void runDiffusionStages(const PipelineInput& input, const PipelineOptions& options,
                          const std::string& baseModelId, double begin, double work,
                          PipelineResult& result, ProgressSink& progress,
                          const CancelToken& cancel, const PreviewSink& previews);
  std::string baseModelName(const PipelineInput& input, const PipelineOptions& options) const;

  const ModelRegistry& registry_;
  std::unique_ptr<BaseModel> model_;
  std::string modelKey_;
  std::unique_ptr<DiffusionStages> diffusion_;
};

}  // namespace ds
