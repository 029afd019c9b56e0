#pragma once
// What the network suites (tst_ResBlock, tst_DepthEncoder, ...) check on any torch module:
// parameter shapes and values, gradients after a backward pass.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/module.h>
#include <torch/utils.h>

#include "core/nn/BaseDepthNet.h"

#include <map>
#include <string>
#include <vector>

namespace ds::test {

// A base network small enough for fast tests (levels 8, 8, 16, 16; fused feature 16).
inline BaseDepthNet::Config tinyBaseConfig() {
  BaseDepthNet::Config c;
  c.encoder.channels = {8, 8, 16, 16};
  c.decoder.encoderChannels = c.encoder.channels;
  c.decoder.fusedChannels = 16;
  c.decoder.quarterChannels = 8;
  c.decoder.halfChannels = 8;
  c.decoder.headChannels = 4;
  return c;
}

// Names of the parameters left without a gradient by the last backward pass.
inline std::vector<std::string> parametersWithoutGrad(const torch::nn::Module& m) {
  std::vector<std::string> missing;
  for (const auto& p : m.named_parameters())
    if (!p.value().grad().defined()) missing.push_back(p.key());
  return missing;
}

inline std::map<std::string, std::vector<int64_t>> parameterShapes(const torch::nn::Module& m) {
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const auto& p : m.named_parameters())
    shapes[p.key()] = p.value().sizes().vec();
  return shapes;
}

inline bool sameParameters(const torch::nn::Module& a, const torch::nn::Module& b) {
  const auto pa = a.named_parameters(), pb = b.named_parameters();
  if (pa.size() != pb.size()) return false;
  for (const auto& p : pa) {
    const torch::Tensor* q = pb.find(p.key());
    if (!q || !p.value().sizes().equals(q->sizes()) || !torch::equal(p.value(), *q)) return false;
  }
  return true;
}

inline int64_t parameterCount(const torch::nn::Module& m) {
  int64_t n = 0;
  for (const auto& p : m.parameters())
    n += p.numel();
  return n;
}

// Overwrites a (zero-initialised) parameter with seeded noise so outputs depend on everything.
inline void fillWithNoise(torch::Tensor p, uint64_t seed, double scale = 0.1) {
  torch::NoGradGuard noGrad;
  at::Generator g = at::detail::createCPUGenerator(seed);
  p.copy_(torch::randn(p.sizes(), g, torch::kFloat32) * scale);
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace ds::test
