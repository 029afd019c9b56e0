#include "core/eval/EvalOptions.h"

#include "core/eval/EvalConvention.h"
#include "core/util/Error.h"

namespace ds {

void EvalOptions::check() const {
  if (int(alignment) < int(Alignment::Auto) ||
      int(alignment) > int(Alignment::LeastSquaresInverseDepth))
    throw Error("eval options: unknown alignment value " + std::to_string(int(alignment)));
  if (!convention.empty()) {
    try {
      EvalConvention::fromName(convention);
    } catch (const Error& e) {
      throw Error(std::string("eval options: convention: ") + e.what());
    }
  }
}

}  // namespace ds
