#pragma once
// Shape checks for the networks' inputs. Torch's own errors are c10::Error with internal wording;
// callers (the pipeline, the trainer) get a ds::Error that names the network, the input and what
// was expected instead, e.g. "DepthEncoder: input size 250x256 (HxW) is not a multiple of 16".
#include <torch/types.h>

#include <string>
#include <vector>

namespace ds {

// "HxW" of an NCHW tensor.
std::string spatialSizeText(const torch::Tensor& x);

// x must be a defined 4-D float tensor [N, channels, H, W] with N, H, W > 0.
void requireImageBatch(const torch::Tensor& x, int64_t channels, const std::string& who,
                       const std::string& what);

// H and W must both be multiples of `multiple`.
void requireSizeMultiple(const torch::Tensor& x, int64_t multiple, const std::string& who);

// b must have a's batch size and spatial size scaled by `scale` (b = a * scale in H and W).
void requireSpatialRatio(const torch::Tensor& a, const std::string& aName, const torch::Tensor& b,
                         const std::string& bName, int64_t scale, const std::string& who);

// Timesteps: a 1-D integer tensor with `batch` entries or one entry (broadcast over the batch).
// Returns them as int64 [batch] on `device` (the input's device).
torch::Tensor requireTimesteps(const torch::Tensor& t, int64_t batch, const torch::Device& device,
                               const std::string& who);

// "[24, 48, 96, 160]" for messages.
std::string listText(const std::vector<int64_t>& values);

}  // namespace ds
