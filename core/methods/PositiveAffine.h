#pragma once
// Affine-invariant outputs (relative depth or inverse depth, "up to a positive scale and a
// shift") may come out of a network negative. A positive scale and a shift change nothing about
// what such a map says, so each image is mapped to [0.05, 1.05] (min -> 0.05, max -> 1.05) and
// every finite pixel is a valid relative value for files, eval and geometry.
#include <torch/types.h>

namespace ds {

// x [N, 1, H, W]; per image. A constant image becomes 0.55 everywhere.
torch::Tensor positiveAffine(const torch::Tensor& x);

}  // namespace ds
