#pragma once
// Gated residual fusion of one feature level with the aux features aligned to it:
//   out = main + sigmoid(gate(h)) * update(h),  h = relu(mix(concat(main, aligned, confidence))),
// with mix and gate 1x1 convolutions and update a 3x3 one.
// `update` starts at zero, so a new module returns main exactly and training can only add what the
// aux view helps with; the confidence channel (peak matching probability) lets the gate learn to
// ignore occluded or textureless places where the alignment means little.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace ds {

class AuxViewFusionImpl : public torch::nn::Module {
 public:
  AuxViewFusionImpl(int64_t channels, int64_t hidden);

  // main, aligned: [N, C, H, W]; confidence: [N, 1, H, W]. Returns [N, C, H, W].
  torch::Tensor forward(const torch::Tensor& main, const torch::Tensor& aligned,
                        const torch::Tensor& confidence);

 private:
  torch::nn::Conv2d mix_{nullptr};
  torch::nn::Conv2d update_{nullptr};
  torch::nn::Conv2d gate_{nullptr};
};
TORCH_MODULE(AuxViewFusion);

}  // namespace ds
