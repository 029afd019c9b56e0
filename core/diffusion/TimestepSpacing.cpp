#include "core/diffusion/TimestepSpacing.h"

#include <cmath>

#include "core/diffusion/NoiseSchedule.h"
#include "core/util/Error.h"

namespace ds {

std::string toString(TimestepSpacing spacing) {
  switch (spacing) {
    case TimestepSpacing::Leading:
      return "leading";
    case TimestepSpacing::Trailing:
      return "trailing";
    case TimestepSpacing::Linspace:
      return "linspace";
  }
  return "unknown";
}

std::optional<TimestepSpacing> parseTimestepSpacing(const std::string& name) {
  for (TimestepSpacing s :
       {TimestepSpacing::Leading, TimestepSpacing::Trailing, TimestepSpacing::Linspace})
    if (toString(s) == name) return s;
  return std::nullopt;
}

std::vector<int64_t> inferenceTimesteps(const NoiseSchedule& schedule, int steps,
                                        TimestepSpacing spacing) {
  const int64_t T = schedule.trainSteps();
  if (steps < 1 || steps > T)
    throw Error("timestep spacing: steps must be in [1, " + std::to_string(T) + "] (got " +
                std::to_string(steps) + ")");
  // Rounding half to even (std::nearbyint) and the same arithmetic as numpy's arange / linspace,
  // so the lists equal diffusers' for every T and N.
  std::vector<int64_t> t(static_cast<size_t>(steps));
  for (int k = 0; k < steps; ++k) {
    switch (spacing) {
      case TimestepSpacing::Leading:
        t[size_t(k)] = int64_t(steps - 1 - k) * (T / steps);
        break;
      case TimestepSpacing::Trailing:
        t[size_t(k)] = int64_t(std::nearbyint(double(T) - k * (double(T) / steps))) - 1;
        break;
      case TimestepSpacing::Linspace:
        t[size_t(k)] =
            steps == 1 ? T - 1
                       : int64_t(std::nearbyint((steps - 1 - k) * (double(T - 1) / (steps - 1))));
        break;
      default:
        throw Error("timestep spacing: unknown value " + std::to_string(int(spacing)));
    }
  }
  return t;
}

}  // namespace ds
