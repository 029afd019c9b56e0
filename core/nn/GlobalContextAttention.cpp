#include "core/nn/GlobalContextAttention.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <cmath>

#include "core/nn/InputChecks.h"
#include "core/nn/ResBlock.h"
#include "core/util/Error.h"

namespace ds {

GlobalContextAttentionImpl::GlobalContextAttentionImpl(int64_t channels, int64_t heads)
    : channels_(channels), heads_(heads) {
  if (channels <= 0 || heads <= 0 || channels % heads != 0)
    throw Error("GlobalContextAttention: channels (" + std::to_string(channels) +
                ") must be a positive multiple of heads (" + std::to_string(heads) + ")");
  using namespace torch::nn;
  norm_ = register_module("norm", GroupNorm(GroupNormOptions(normGroups(channels), channels)));
  position_ = register_module("position", Conv2d(Conv2dOptions(4 * kFrequencies, channels, 1)));
  queryKey_ = register_module("query_key", Conv2d(Conv2dOptions(channels, 2 * channels, 1)));
  value_ = register_module("value", Conv2d(Conv2dOptions(channels, channels, 1)));
  out_ = register_module("out", Conv2d(Conv2dOptions(channels, channels, 1)));
  torch::NoGradGuard noGrad;
  torch::nn::init::zeros_(out_->weight);
  torch::nn::init::zeros_(out_->bias);
}

torch::Tensor GlobalContextAttentionImpl::positionCode(int64_t height, int64_t width,
                                                       const torch::TensorOptions& o) {
  // Pixel centres in (-1, 1).
  const auto y = (at::arange(height, o) + 0.5) * (2.0 / double(height)) - 1.0;
  const auto x = (at::arange(width, o) + 0.5) * (2.0 / double(width)) - 1.0;
  std::vector<at::Tensor> planes;
  for (int64_t f = 0; f < kFrequencies; ++f) {
    const double w = 0.5 * M_PI * double(int64_t(1) << f);
    const auto yy = (y * w).view({height, 1}).expand({height, width});
    const auto xx = (x * w).view({1, width}).expand({height, width});
    planes.insert(planes.end(), {yy.sin(), yy.cos(), xx.sin(), xx.cos()});
  }
  return at::stack(planes).unsqueeze(0);
}

torch::Tensor GlobalContextAttentionImpl::forward(const torch::Tensor& x) {
  requireImageBatch(x, channels_, "GlobalContextAttention", "input");
  const int64_t n = x.size(0), h = x.size(2), w = x.size(3), d = channels_ / heads_;
  const auto normed = norm_(x);
  const auto where = position_(positionCode(h, w, x.options()));
  const auto qk = queryKey_(normed + where).view({n, 2, heads_, d, h * w});
  const auto q = qk.select(1, 0), k = qk.select(1, 1);        // [N, heads, d, HW]
  const auto v = value_(normed).view({n, heads_, d, h * w});  // [N, heads, d, HW]
  const auto weights = at::softmax(at::matmul(q.transpose(2, 3), k) / std::sqrt(double(d)), -1);
  const auto mixed = at::matmul(v, weights.transpose(2, 3));  // [N, heads, d, HW]
  return x + out_(mixed.reshape({n, channels_, h, w}));
}

}  // namespace ds
