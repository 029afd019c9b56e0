#pragma once
// The noise schedule of a diffusion model: alpha_bar(t), the share of signal variance left at
// training timestep t in 0 .. T-1, for x_t = sqrt(alpha_bar) x0 + sqrt(1 - alpha_bar) eps.
// Index 0 is the least noisy step (alpha_bar(0) = 1 - beta(0), just below 1), T-1 the noisiest.
#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "core/diffusion/NoiseScheduleOptions.h"

namespace ds {

class NoiseSchedule {
 public:
  // Throws ds::Error when the options are invalid.
  explicit NoiseSchedule(const NoiseScheduleOptions& options = {});

  const NoiseScheduleOptions& options() const { return options_; }
  int trainSteps() const { return options_.trainSteps; }

  // alpha_bar(t) for t in [0, T-1]; throws ds::Error outside. Strictly decreasing in t; exactly 0
  // at T-1 with zero terminal SNR.
  double alphaBar(int64_t t) const;
  const std::vector<double>& alphaBars() const { return alphaBars_; }
  // beta(t) = 1 - alpha_bar(t) / alpha_bar(t-1) (alpha_bar(-1) = 1); 1 at T-1 with zero terminal
  // SNR.
  double beta(int64_t t) const;
  // All T values as a float64 CPU tensor [T].
  torch::Tensor alphaBarTensor() const;
  // alpha_bar at each timestep of `t` (int64, any shape, any device): float32, same shape and
  // device. Throws ds::Error when a timestep is outside [0, T-1].
  torch::Tensor alphaBarAt(const torch::Tensor& t) const;

  // The forward (noising) process for training: x_t = sqrt(alpha_bar) x0 + sqrt(1 - alpha_bar) eps,
  // with t int64 [N] (one timestep per batch element) or a 0-dim tensor.
  torch::Tensor addNoise(const torch::Tensor& x0, const torch::Tensor& eps,
                         const torch::Tensor& t) const;

 private:
  void checkTimesteps(const torch::Tensor& t) const;

  NoiseScheduleOptions options_;
  std::vector<double> alphaBars_;
};

}  // namespace ds
