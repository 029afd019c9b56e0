#pragma once
// Sampling for the pixel-space denoisers (refiner and DepthGen): the ConditionalUNet sees
// concat(constant, x_t) where `constant` (image, conditioning) is the same at every step, so its
// share of the first convolution is computed once per run (UNetInputCache) and broadcast over the
// ensemble.
#include <torch/types.h>

#include <string>

#include "core/methods/EnsembleSampling.h"
#include "core/nn/ConditionalUNet.h"

namespace ds {

// constant: [1, k, h, w]; the sample is [ensemble, 1, h, w]; `decode` maps x0 to the output space.
DiffusionOutcome samplePixelSpace(ConditionalUNetImpl& unet, const torch::Tensor& constant,
                                  const DiffusionModelConfig& model,
                                  const DiffusionStageOptions& options, const std::string& stage,
                                  const SampleDecoder& decode, ProgressSink& progress,
                                  const CancelToken& cancel, bool keepTrajectory,
                                  const FrameSink& onFrame = {});

}  // namespace ds
