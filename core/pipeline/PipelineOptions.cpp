#include "core/pipeline/PipelineOptions.h"

namespace ds {

void PipelineOptions::check() const {
  modelOptions.check();
  sgbm.check();
  metricAlignment.check();
}

}  // namespace ds
