#include "core/diffusion/SamplerOptions.h"

#include <cmath>

#include "core/util/Error.h"

namespace ds {

void SamplerOptions::check() const {
  if (steps < 1)
    throw Error("sampler options: steps must be at least 1 (got " + std::to_string(steps) + ")");
  if (!std::isfinite(eta) || eta < 0.0 || eta > 1.0)
    throw Error("sampler options: eta must be in [0, 1] (got " + std::to_string(eta) + ")");
  if (!parseTimestepSpacing(toString(spacing)))
    throw Error("sampler options: unknown timestep spacing value " + std::to_string(int(spacing)));
  if (!parsePredictionType(toString(prediction)))
    throw Error("sampler options: unknown prediction type value " +
                std::to_string(int(prediction)));
  if (initialNoise) {
    if (!initialNoise->defined())
      throw Error("sampler options: initialNoise is set but holds no tensor");
    if (!initialNoise->is_floating_point())
      throw Error("sampler options: initialNoise must be a floating-point tensor");
  }
}

}  // namespace ds
