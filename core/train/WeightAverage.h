#pragma once
// An exponential moving average of a network's floating-point parameters and buffers (Polyak
// averaging, the "EMA weights" of diffusion and detection training). With a batch of 8 the last
// optimiser step's weights carry that batch's noise; their average over the last ~1/(1 - decay)
// steps does not, and it is what a run ships when --ema is given.
#include <torch/nn/module.h>
#include <torch/types.h>

#include <filesystem>
#include <vector>

namespace ds {

class WeightAverage {
 public:
  // Starts the average at the network's current values. decay in [0, 1).
  WeightAverage(const torch::nn::Module& net, double decay);

  // After optimiser step `step` (0-based). Early steps use min(decay, (1 + step) / (10 + step))
  // so the average does not remember the random initialisation for ~1/(1 - decay) steps.
  void update(const torch::nn::Module& net, int64_t step);
  // Writes the averages onto the network's tensors (same names, on their device).
  void copyTo(torch::nn::Module& net) const;
  double decayAt(int64_t step) const;

  // For checkpoints; load checks the count and shapes against the network and throws ds::Error
  // naming the file.
  void save(const std::filesystem::path& path) const;
  void load(const std::filesystem::path& path);

 private:
  static std::vector<torch::Tensor> averaged(const torch::nn::Module& net);
  double decay_;
  std::vector<torch::Tensor> average_;
};

}  // namespace ds
