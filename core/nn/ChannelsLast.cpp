#include "core/nn/ChannelsLast.h"

#include <torch/utils.h>

namespace ds {

void convertToChannelsLast(torch::nn::Module& module) {
  torch::NoGradGuard noGrad;
  for (auto& p : module.parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
  for (auto& b : module.buffers())
    if (b.dim() == 4) b.set_data(b.contiguous(at::MemoryFormat::ChannelsLast));
}

bool isChannelsLast(const torch::nn::Module& module) {
  bool any = false;
  for (const auto& p : module.parameters())
    if (p.dim() == 4) {
      if (!p.is_contiguous(at::MemoryFormat::ChannelsLast)) return false;
      any = true;
    }
  return any;
}

}  // namespace ds
