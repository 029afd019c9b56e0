#include "core/pipeline/DiffusionStageSettings.h"

#include "core/util/Error.h"

namespace ds {

void DiffusionStageSettings::check(const std::string& stage) const {
  if (!enabled) return;
  if (model.empty()) throw Error(stage + ": no model given");
  try {
    sampling.check();
  } catch (const Error& e) {
    throw Error(stage + ": " + e.what());
  }
}

}  // namespace ds
