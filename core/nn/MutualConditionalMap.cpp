#include "core/nn/MutualConditionalMap.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/upsampling.h>

#include "core/nn/InputChecks.h"
#include "core/util/Error.h"

namespace ds {

torch::Tensor mutualConditionalMap(const torch::Tensor& l2, const torch::Tensor& l3) {
  namespace F = torch::nn::functional;
  if (!l2.defined() || !l3.defined() || l2.dim() != 4 || l3.dim() != 4)
    throw Error("mutualConditionalMap: levels 2 and 3 must be 4-D tensors [N, C, H, W]");
  if (l2.size(0) != l3.size(0))
    throw Error("mutualConditionalMap: level 2 has batch " + std::to_string(l2.size(0)) +
                " but level 3 has batch " + std::to_string(l3.size(0)));
  const std::vector<int64_t> size{l2.size(2), l2.size(3)};
  const torch::Tensor up = F::interpolate(
      l3, F::InterpolateFuncOptions().size(size).mode(torch::kBilinear).align_corners(false));
  return torch::cat({l2, up}, 1);
}

}  // namespace ds
