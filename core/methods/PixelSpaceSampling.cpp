#include "core/methods/PixelSpaceSampling.h"

#include <torch/utils.h>

#include "core/util/Error.h"

namespace ds {

DiffusionOutcome samplePixelSpace(ConditionalUNetImpl& unet, const torch::Tensor& constant,
                                  const DiffusionModelConfig& model,
                                  const DiffusionStageOptions& options, const std::string& stage,
                                  const SampleDecoder& decode, ProgressSink& progress,
                                  const CancelToken& cancel, bool keepTrajectory,
                                  const FrameSink& onFrame) {
  torch::NoGradGuard noGrad;
  if (!constant.defined() || constant.dim() != 4 || constant.size(0) != 1)
    throw Error(stage + ": expects one image ([1, k, H, W] conditioning)");
  if (unet.config().inChannels != constant.size(1) + 1 || unet.config().outChannels != 1)
    throw Error(stage + ": the denoiser takes " + std::to_string(unet.config().inChannels) +
                " input channels, the conditioning has " + std::to_string(constant.size(1)) +
                " (+1 noisy depth)");
  const UNetInputCache cache = unet.cacheConstantInput(constant);
  EnsembleSamplingRequest request;
  request.model = model;
  request.options = options;
  request.device = constant.device();
  request.memberShape = {1, constant.size(2), constant.size(3)};
  request.stage = stage;
  request.keepTrajectory = keepTrajectory;
  request.onFrame = onFrame;
  return sampleEnsemble([&](const torch::Tensor& xt,
                            const torch::Tensor& t) { return unet.forwardCached(xt, t, cache); },
                        decode, request, progress, cancel);
}

}  // namespace ds
