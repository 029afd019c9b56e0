#pragma once
// How one diffusion stage (restore, refine, DepthGen) samples: the knobs a user turns in the CLI
// and the GUI. Torch-free so the pipeline options the GUI includes can hold it.
#include <cstdint>

#include "core/diffusion/SamplerKind.h"
#include "core/diffusion/TimestepSpacing.h"
#include "core/methods/EnsembleReduction.h"

namespace ds {

struct DiffusionStageOptions {
  static constexpr int kMaxEnsemble = 64;

  int steps = 10;    // denoiser evaluations (the step slider has one frame per step)
  int ensemble = 1;  // samples run as one batch; their spread is the uncertainty map
  uint64_t seed = 0;
  double eta = 0.0;  // DDIM stochasticity (0 = deterministic)
  SamplerKind sampler = SamplerKind::Ddim;
  TimestepSpacing spacing = TimestepSpacing::Trailing;
  EnsembleReduction reduction = EnsembleReduction::Median;

  // Throws ds::Error naming the option: steps 1..1000, ensemble 1..kMaxEnsemble, eta in [0, 1].
  void check() const;
};

}  // namespace ds
