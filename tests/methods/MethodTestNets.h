#pragma once
// Small, seeded networks for the method suites, and "waking" them: the zero-initialised output
// layers (which make a new restorer the identity and a new denoiser predict 0) get seeded noise
// so that outputs depend on every input.
#include <ATen/ATen.h>
#include <torch/utils.h>

#include <string>

#include "core/methods/DepthGenerator.h"
#include "core/methods/DepthRefiner.h"
#include "core/methods/FeatureRestorer.h"
#include "core/nn/BaseDepthNet.h"
#include "nn/DepthNetTestSupport.h"

namespace ds::test {

inline FeatureRestorer::Config tinyRestorerConfig(const BaseDepthNet::Config& base) {
  FeatureRestorer::Config c = FeatureRestorer::Config::forBase(base);
  c.denoiser.hidden = 16;
  c.denoiser.blocks = 1;
  c.denoiser.timeEmbedDim = 8;
  c.coupling.hidden = 8;
  c.auxView.fusionHidden = 8;
  c.auxView.maxDisparity = 32;
  return c;
}

inline ConditionalUNet::Config tinyUNet(int64_t inChannels) {
  ConditionalUNet::Config c;
  c.inChannels = inChannels;
  c.channels = {8, 16};
  c.timeEmbedDim = 8;
  return c;
}

inline DepthRefiner::Config tinyRefinerConfig() {
  DepthRefiner::Config c;
  c.unet = tinyUNet(5);
  return c;
}

inline DepthGenerator::Config tinyGeneratorConfig() {
  DepthGenerator::Config c;
  c.unet = tinyUNet(4);
  return c;
}

// Fills every parameter whose name contains one of `parts` with seeded noise.
inline void wake(torch::nn::Module& m, std::initializer_list<const char*> parts, uint64_t seed,
                 double scale = 0.1) {
  for (auto& p : m.named_parameters())
    for (const char* part : parts)
      if (p.key().find(part) != std::string::npos) fillWithNoise(p.value(), seed++, scale);
}

inline void wakeAll(torch::nn::Module& m, uint64_t seed, double scale = 0.1) {
  for (auto& p : m.named_parameters())
    fillWithNoise(p.value(), seed++, scale);
}

}  // namespace ds::test
