#pragma once
// The built-in base depth network (DESIGN "Base"): DepthEncoder + DepthDecoder.
// Output: affine-invariant relative INVERSE depth [N, 1, H, W] — disparity-like, larger = nearer,
// defined only up to an unknown scale and shift, and with no final activation (values may be
// negative). Evaluate and align it in inverse-depth space; turn it into depth only after a
// scale-and-shift fit (or mark it DepthKind::RelativeInverseDepth).
// Input: RGB [N, 3, H, W] with H and W multiples of 16, normalised by the caller.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "core/nn/DepthDecoder.h"
#include "core/nn/DepthEncoder.h"

namespace ds {

struct BaseDepthNetConfig {
  DepthEncoderConfig encoder;
  DepthDecoderConfig decoder;

  // Checks both parts and that decoder.encoderChannels equals encoder.channels.
  void check() const;
};
void to_json(nlohmann::json& j, const BaseDepthNetConfig& c);    // {"encoder": .., "decoder": ..}
void from_json(const nlohmann::json& j, BaseDepthNetConfig& c);  // checks the result

class BaseDepthNetImpl : public torch::nn::Module {
 public:
  using Config = BaseDepthNetConfig;
  explicit BaseDepthNetImpl(const Config& config = {});

  // rgb [N, 3, H, W] -> relative inverse depth [N, 1, H, W].
  torch::Tensor forward(const torch::Tensor& rgb);
  // The encoder's levels {l0, l1, l2, l3} (for the restorer and AV-LFE).
  std::vector<torch::Tensor> features(const torch::Tensor& rgb);

  DepthEncoder& encoder() { return encoder_; }
  DepthDecoder& decoder() { return decoder_; }
  const Config& config() const { return config_; }

 private:
  Config config_;
  DepthEncoder encoder_{nullptr};
  DepthDecoder decoder_{nullptr};
};
// The module holder (what TORCH_MODULE would declare), plus the Config name: BaseDepthNet::Config.
class BaseDepthNet : public torch::nn::ModuleHolder<BaseDepthNetImpl> {
 public:
  using torch::nn::ModuleHolder<BaseDepthNetImpl>::ModuleHolder;
  using Impl = BaseDepthNetImpl;
  using Config = BaseDepthNetConfig;
};

}  // namespace ds
