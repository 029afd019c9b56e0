#include "core/pipeline/PipelineOptions.h"

#include "core/util/Error.h"

namespace ds {

void PipelineOptions::check() const {
  modelOptions.check();
  sgbm.check();
  metricAlignment.check();
  restore.check("restore");
  refine.check("refine");
  depthgen.check("depthgen");
  if (workingSize != 0 && (workingSize < 32 || workingSize > 8192))
    throw Error("working size must be 0 (each model's own) or 32..8192 pixels, got " +
                std::to_string(workingSize));
}

}  // namespace ds
