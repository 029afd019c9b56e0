#pragma once
// AV-LFE (Auxiliary-View Low-level Feature Enhancement): with a rectified stereo pair, the right
// image's encoder features at the low levels (1/2 and 1/4 resolution) are aligned to the main
// (left) view by a soft search along the rows and fused into the main features before the decoder
// uses them. Convention: left(x) corresponds to right(x - d), d >= 0; at level l the stride is s =
// 2^(l+1) and the level's disparity is d / s. Without an aux view the module is the identity.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

#include "core/nn/EpipolarCorrelation.h"

namespace ds {

struct AuxViewEnhancerConfig {
  std::vector<int> channels{24, 48};  // feature channels of the enhanced levels 0, 1, ...
  int maxDisparity = 192;             // full-resolution pixels; level l searches 0..maxDisparity/s
  // Softmax temperature on the cosine matching score: 0.02 makes a 0.1 cosine gap a factor e^5,
  // sharp enough that far candidates do not pull the expected disparity, soft near the peak.
  double temperature = 0.02;
  int fusionHidden = 32;  // hidden channels of each level's fusion block

  // Throws ds::Error naming the bad field: 1 to 4 levels of positive channels, at least one
  // non-zero candidate on the deepest level, temperature positive and finite, fusionHidden > 0.
  void check() const;
  nlohmann::json toJson() const;
  // Reads every field (all required; unknown keys are ignored) and checks the result.
  static AuxViewEnhancerConfig fromJson(const nlohmann::json& j);
};

class AuxViewEnhancerImpl : public torch::nn::Module {
 public:
  explicit AuxViewEnhancerImpl(const AuxViewEnhancerConfig& config);

  // main: the encoder levels of the main view, at least numLevels() of them (deeper ones are
  // ignored); aux: the same levels of the auxiliary view, same shapes. Returns the enhanced levels
  // 0..numLevels()-1; without aux these are the main tensors themselves (no computation).
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& main,
                                     const std::optional<std::vector<torch::Tensor>>& aux);

  // The aux features of one level aligned to the main view, with the expected disparity. Matching
  // runs on keys that need no training: each channel standardised over the image, a learned 1x1
  // projection (identity at start), unit length per pixel; score = cosine / temperature, softmax
  // over the candidates, zero weight for candidates outside the aux image.
  AuxViewAlignment alignAux(int level, const torch::Tensor& main, const torch::Tensor& aux);

  const AuxViewEnhancerConfig& config() const { return config_; }
  int numLevels() const { return int(config_.channels.size()); }
  // Level l is 1/2^(l+1) of the input.
  static int stride(int level) { return 2 << level; }
  // Candidate disparities 0..maxDisparity/stride(level).
  int64_t numCandidates(int level) const { return config_.maxDisparity / stride(level) + 1; }

 private:
  void checkLevel(int level, const torch::Tensor& main, const torch::Tensor& aux) const;

  AuxViewEnhancerConfig config_;
  // Per level: a 1x1 projection (identity at start) applied before the cosine matching, and the
  // fusion block (AuxViewFusion).
  torch::nn::ModuleList projections_{nullptr};
  torch::nn::ModuleList fusions_{nullptr};
};
TORCH_MODULE(AuxViewEnhancer);

}  // namespace ds
