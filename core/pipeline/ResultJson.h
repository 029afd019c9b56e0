#pragma once
// result.json: what a run was (input, calibration, options, per-stage kinds, sources, checksums,
// timings), so a result can be reproduced and read back.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/pipeline/PipelineResult.h"

namespace ds {

// `stageFiles[i]` names the files written for stages[i] ({"depth": "base.npy", ...}).
nlohmann::json resultToJson(const PipelineResult& result, const nlohmann::json& stageFiles);
nlohmann::json optionsToJson(const PipelineOptions& options);
nlohmann::json intrinsicsToJson(const Intrinsics& k);
// Throws ds::Error (without a file name; the caller adds it) for a missing or wrong key.
Intrinsics intrinsicsFromJson(const nlohmann::json& j);

}  // namespace ds
