#include "core/methods/DiffusionStageOptions.h"

#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

void DiffusionStageOptions::check() const {
  if (steps < 1 || steps > 1000)
    throw Error("diffusion steps must be between 1 and 1000, got " + std::to_string(steps));
  if (ensemble < 1 || ensemble > kMaxEnsemble)
    throw Error("ensemble size must be between 1 and " + std::to_string(kMaxEnsemble) + ", got " +
                std::to_string(ensemble));
  if (!std::isfinite(eta) || eta < 0.0 || eta > 1.0)
    throw Error("eta must be between 0 and 1, got " + std::to_string(eta));
  if (!parseSamplerKind(toString(sampler)))
    throw Error("unknown sampler value " + std::to_string(int(sampler)));
  if (!parseTimestepSpacing(toString(spacing)))
    throw Error("unknown timestep spacing value " + std::to_string(int(spacing)));
  if (!parseEnsembleReduction(toString(reduction)))
    throw Error("unknown ensemble reduction value " + std::to_string(int(reduction)));
}

}  // namespace ds
