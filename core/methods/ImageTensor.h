#pragma once
// Images and depth maps to and from the tensors the networks take, with the resampling between
// the image's resolution and the working resolution.
#include <torch/types.h>

#include <utility>

#include "core/image/DepthMap.h"
#include "core/image/Image.h"

namespace ds {

// The networks' image input: RGB [1, 3, height, width] in [-1, 1] (v * 2 - 1 of the [0, 1]
// pixels), resampled with antialiasing. Grey and RGBA become RGB.
torch::Tensor networkImage(const Image& image, int width, int height);

// An RGB tensor [3, H, W] (or [1, 3, H, W]) with values in [0, 1] as an Image (clamped).
Image imageFrom(const torch::Tensor& rgb01);

// A depth map's values and validity at width x height: values [1, 1, h, w] (float32, 0 where no
// valid pixel contributed), valid [1, 1, h, w] bool (at least half the resampled area valid).
// Downsampling averages the valid values only (no mixing with invalid pixels).
std::pair<torch::Tensor, torch::Tensor> depthTensors(const DepthMap& depth, int width, int height);

// Back to a DepthMap of width x height in `kind`: bilinear resampling of values [1, 1, h, w] (and
// of an optional validity [1, 1, h, w]); pixels are valid where the resampled validity is at least
// one half and the value is finite (and positive for depth kinds).
DepthMap depthMapFrom(const torch::Tensor& values, const torch::Tensor& valid, DepthKind kind,
                      int width, int height);

}  // namespace ds
