#include "core/nn/InvertibleCouplingOptions.h"

#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

void InvertibleCouplingOptions::check() const {
  if (channels < 2 || channels % 2 != 0)
    throw Error("invertible coupling: channels must be even and at least 2 (got " +
                std::to_string(channels) + ")");
  if (hidden < 1)
    throw Error("invertible coupling: hidden width must be at least 1 (got " +
                std::to_string(hidden) + ")");
  // α is capped so that e^{2α} stays far from overflow in the bounds and the scales.
  if (!(logScaleBound > 0.0) || !(logScaleBound <= 10.0))
    throw Error("invertible coupling: log-scale bound α must be in (0, 10] (got " +
                std::to_string(logScaleBound) + ")");
  if (!(lipschitz > 0.0) || !std::isfinite(lipschitz))
    throw Error("invertible coupling: Lipschitz bound L must be a positive number (got " +
                std::to_string(lipschitz) + ")");
  if (powerGridSize < 16)
    throw Error("invertible coupling: power-iteration grid must be at least 16 (got " +
                std::to_string(powerGridSize) + ")");
}

}  // namespace ds
