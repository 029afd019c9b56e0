#pragma once
// The sampling loop every diffusion stage shares: an ensemble of N members run as one batch
// through the sampler of the stage's options, each step's x0 estimate decoded to a depth-like
// map and combined (EnsembleReducer) for the trajectory, progress per step, cancel between steps.
#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

#include "core/diffusion/SamplerOptions.h"
#include "core/methods/DiffusionModelConfig.h"
#include "core/methods/DiffusionOutcome.h"
#include "core/methods/DiffusionStageOptions.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

// Maps a batch of samples x0 [N, ...] to maps [N, 1, H, W] in the stage's output space (the
// identity for pixel-space models, the feature decoder for the restorer).
using SampleDecoder = std::function<torch::Tensor(const torch::Tensor& x0)>;
// Receives each step's combined, decoded x0 estimate [1, 1, H, W] (CPU) as soon as it exists: the
// GUI's live previews. Called on the sampling thread.
using FrameSink = std::function<void(int step, int steps, const torch::Tensor& frame)>;

struct EnsembleSamplingRequest {
  DiffusionModelConfig model;
  DiffusionStageOptions options;
  torch::Device device = torch::kCPU;
  std::vector<int64_t> memberShape;  // one member without the batch dimension, e.g. {1, h, w}
  std::string stage;                 // progress label: "restored", "refined", "depthgen"
  bool keepTrajectory = true;
  FrameSink onFrame;  // optional
};

// Throws ds::Error for bad options or shapes, ds::Cancelled when cancelled.
DiffusionOutcome sampleEnsemble(const Denoiser& denoiser, const SampleDecoder& decode,
                                const EnsembleSamplingRequest& request, ProgressSink& progress,
                                const CancelToken& cancel);

}  // namespace ds
