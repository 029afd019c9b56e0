#include "core/diffusion/NoiseScheduleOptions.h"

#include <cmath>

#include "core/util/Error.h"

namespace ds {

std::string toString(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::ScaledLinear:
      return "scaled_linear";
    case ScheduleKind::Linear:
      return "linear";
    case ScheduleKind::Cosine:
      return "cosine";
  }
  return "unknown";
}

std::optional<ScheduleKind> parseScheduleKind(const std::string& name) {
  for (ScheduleKind k : {ScheduleKind::ScaledLinear, ScheduleKind::Linear, ScheduleKind::Cosine})
    if (toString(k) == name) return k;
  return std::nullopt;
}

void NoiseScheduleOptions::check() const {
  if (kind != ScheduleKind::ScaledLinear && kind != ScheduleKind::Linear &&
      kind != ScheduleKind::Cosine)
    throw Error("noise schedule: unknown kind value " + std::to_string(int(kind)));
  if (trainSteps < 2)
    throw Error("noise schedule: trainSteps must be at least 2 (got " + std::to_string(trainSteps) +
                ")");
  if (kind == ScheduleKind::Cosine) return;
  if (!std::isfinite(betaStart) || !std::isfinite(betaEnd) || betaStart <= 0.0 || betaEnd >= 1.0 ||
      betaStart > betaEnd)
    throw Error("noise schedule: betas must satisfy 0 < betaStart <= betaEnd < 1 (got betaStart " +
                std::to_string(betaStart) + ", betaEnd " + std::to_string(betaEnd) + ")");
}

}  // namespace ds
