#include "core/nn/AuxViewFusion.h"

#include <torch/nn/init.h>
#include <torch/nn/options/conv.h>
#include <torch/utils.h>

#include <ATen/ATen.h>

namespace ds {

namespace nn = torch::nn;

AuxViewFusionImpl::AuxViewFusionImpl(int64_t channels, int64_t hidden) {
  mix_ =
      register_module("mix", nn::Conv2d(nn::Conv2dOptions(2 * channels + 1, hidden, 3).padding(1)));
  update_ =
      register_module("update", nn::Conv2d(nn::Conv2dOptions(hidden, channels, 3).padding(1)));
  gate_ = register_module("gate", nn::Conv2d(nn::Conv2dOptions(hidden, channels, 1)));
  torch::NoGradGuard noGrad;
  nn::init::zeros_(update_->weight);
  nn::init::zeros_(update_->bias);
}

torch::Tensor AuxViewFusionImpl::forward(const torch::Tensor& main, const torch::Tensor& aligned,
                                         const torch::Tensor& confidence) {
  const torch::Tensor h = at::relu(mix_->forward(at::cat({main, aligned, confidence}, 1)));
  return main + at::sigmoid(gate_->forward(h)) * update_->forward(h);
}

}  // namespace ds
