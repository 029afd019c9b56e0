#include "core/methods/DiffusionModelConfig.h"

#include <nlohmann/json.hpp>

#include "core/nn/ConfigJson.h"
#include "core/util/Error.h"

namespace ds {

void DiffusionModelConfig::check() const {
  schedule.check();
  if (!parsePredictionType(toString(prediction)))
    throw Error("diffusion config: unknown prediction value " + std::to_string(int(prediction)));
  if (prediction == PredictionType::Epsilon && schedule.zeroTerminalSnr)
    throw Error(
        "diffusion config: epsilon prediction cannot be sampled from a zero-terminal-SNR "
        "schedule (x0 is undefined at the first step); predict v or the sample");
}

void to_json(nlohmann::json& j, const DiffusionModelConfig& c) {
  j = {{"schedule",
        {{"kind", toString(c.schedule.kind)},
         {"trainSteps", c.schedule.trainSteps},
         {"betaStart", c.schedule.betaStart},
         {"betaEnd", c.schedule.betaEnd},
         {"zeroTerminalSnr", c.schedule.zeroTerminalSnr}}},
       {"prediction", toString(c.prediction)}};
}

void from_json(const nlohmann::json& j, DiffusionModelConfig& c) {
  const std::string who = "diffusion config";
  configjson::requireKnownKeys(j, {"schedule", "prediction"}, who);
  if (j.contains("schedule")) {
    const nlohmann::json& s = j.at("schedule");
    configjson::requireKnownKeys(
        s, {"kind", "trainSteps", "betaStart", "betaEnd", "zeroTerminalSnr"}, who + " schedule");
    std::string kind = toString(c.schedule.kind);
    configjson::read(s, "kind", kind, who);
    const auto parsed = parseScheduleKind(kind);
    if (!parsed) throw Error(who + ": unknown schedule kind '" + kind + "'");
    c.schedule.kind = *parsed;
    configjson::read(s, "trainSteps", c.schedule.trainSteps, who);
    configjson::read(s, "betaStart", c.schedule.betaStart, who);
    configjson::read(s, "betaEnd", c.schedule.betaEnd, who);
    configjson::read(s, "zeroTerminalSnr", c.schedule.zeroTerminalSnr, who);
  }
  if (j.contains("prediction")) {
    std::string name;
    configjson::read(j, "prediction", name, who);
    const auto parsed = parsePredictionType(name);
    if (!parsed) throw Error(who + ": unknown prediction '" + name + "' (epsilon, v, sample)");
    c.prediction = *parsed;
  }
  c.check();
}

}  // namespace ds
