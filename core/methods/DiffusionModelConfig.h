#pragma once
// What a trained diffusion model fixes for every sampler that runs it: the noise schedule it was
// trained with and what its denoiser outputs. Stored in the model card with the architecture.
#include <nlohmann/json_fwd.hpp>

#include "core/diffusion/NoiseScheduleOptions.h"
#include "core/diffusion/PredictionType.h"

namespace ds {

struct DiffusionModelConfig {
  NoiseScheduleOptions schedule;
  PredictionType prediction = PredictionType::V;

  // The schedule's check, plus: epsilon prediction cannot start from a zero-terminal-SNR step.
  void check() const;
};
// {"schedule": {"kind", "trainSteps", "betaStart", "betaEnd", "zeroTerminalSnr"},
//  "prediction": "epsilon" | "v" | "sample"}; missing keys keep their defaults, unknown ones and
// wrong types are refused.
void to_json(nlohmann::json& j, const DiffusionModelConfig& c);
void from_json(const nlohmann::json& j, DiffusionModelConfig& c);

}  // namespace ds
