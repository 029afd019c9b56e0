#pragma once
// Which training timesteps an N-step sampling run visits (the conventions of diffusers, and of
// Lin et al. 2024 table 2). With few steps the choice matters: only Trailing and Linspace start at
// T-1, the pure-noise step when the schedule has zero terminal SNR.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ds {

class NoiseSchedule;

enum class TimestepSpacing {
  Leading,   // k * (T / N) for k = N-1 .. 0: e.g. 900, 800, ..., 0; never reaches T-1
  Trailing,  // round(T - k T / N) - 1 for k = 0 .. N-1: e.g. 999, 899, ..., 99
  Linspace   // round of N evenly spaced values from T-1 down to 0: e.g. 999, 888, ..., 0
};

// "leading", "trailing", "linspace".
std::string toString(TimestepSpacing spacing);
std::optional<TimestepSpacing> parseTimestepSpacing(const std::string& name);

// The `steps` distinct training timesteps of a run, in the order visited (strictly descending).
// One Linspace step is T-1 (a run must start from the noisiest step). Throws ds::Error unless
// 1 <= steps <= T.
std::vector<int64_t> inferenceTimesteps(const NoiseSchedule& schedule, int steps,
                                        TimestepSpacing spacing);

}  // namespace ds
