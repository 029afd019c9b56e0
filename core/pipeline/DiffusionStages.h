#pragma once
// The pipeline's diffusion stages on whole images: InvT-IndDiffusion restoration, BetterDepth
// refinement and DepthGen, at the working resolution, with the outputs (and their trajectories
// and uncertainty) turned back into depth maps at the image's resolution. Keeps the networks it
// loaded, so re-runs (the GUI) do not reload them. Torch-free header.
#include <memory>
#include <string>
#include <vector>

#include "core/models/ModelRegistry.h"
#include "core/pipeline/PipelineInput.h"
#include "core/pipeline/PipelineOptions.h"
#include "core/pipeline/StageOutput.h"
#include "core/pipeline/StagePreview.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class DiffusionStages {
 public:
  explicit DiffusionStages(const ModelRegistry& registry);
  ~DiffusionStages();

  // Each throws ds::Error naming the model or option that is wrong, ds::Cancelled when cancelled;
  // things the user should know go to `warnings`.
  // baseModelId: the base stage's model (to say when the restorer's own base differs).
  StageOutput restore(const PipelineInput& input, const PipelineOptions& options,
                      const std::string& baseModelId, ProgressSink& progress,
                      const CancelToken& cancel, std::vector<std::string>& warnings,
                      const PreviewSink& previews = {});
  StageOutput refine(const PipelineInput& input, const StageOutput& conditioning,
                     const PipelineOptions& options, ProgressSink& progress,
                     const CancelToken& cancel, std::vector<std::string>& warnings,
                      const PreviewSink& previews = {});
  StageOutput generate(const PipelineInput& input, const PipelineOptions& options,
                       ProgressSink& progress, const CancelToken& cancel,
                       std::vector<std::string>& warnings, const PreviewSink& previews = {});

 private:
  struct Loaded;
  const ModelRegistry& registry_;
  std::unique_ptr<Loaded> loaded_;
};

}  // namespace ds
