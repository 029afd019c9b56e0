#include "core/pipeline/PipelineResult.h"

#include "core/util/Error.h"

namespace ds {

const StageOutput* PipelineResult::stage(const std::string& name) const {
  for (const auto& s : stages)
    if (s.name == name) return &s;
  return nullptr;
}

const StageOutput& PipelineResult::geometryStage() const {
  if (stages.empty()) throw Error("the result has no stages");
  for (auto it = stages.rbegin(); it != stages.rend(); ++it)
    if (it->depth.kind() == DepthKind::MetricDepth) return *it;
  return stages.back();
}

}  // namespace ds
