#pragma once
// What a denoiser outputs. The model card records it; the sampler converts every output to the
// clean-sample estimate x0 and the noise estimate eps (see PredictionConversion.h).
#include <optional>
#include <string>

namespace ds {

enum class PredictionType {
  Epsilon,  // the noise eps (DDPM, Stable Diffusion 1.x); cannot give x0 where alpha_bar = 0
  V,        // v = sqrt(alpha_bar) eps - sqrt(1 - alpha_bar) x0 (Marigold, BetterDepth)
  Sample    // x0 itself (DepthGen-style)
};

// "epsilon", "v", "sample".
std::string toString(PredictionType type);
std::optional<PredictionType> parsePredictionType(const std::string& name);

}  // namespace ds
