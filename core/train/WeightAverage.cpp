#include "core/train/WeightAverage.h"

#include <torch/serialize.h>

#include <algorithm>
#include <string>

#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace ds {

WeightAverage::WeightAverage(const torch::nn::Module& net, double decay) : decay_(decay) {
  if (!(decay >= 0 && decay < 1))
    throw Error("weight average: the decay must be in [0, 1), got " + std::to_string(decay));
  torch::NoGradGuard noGrad;
  for (const auto& t : averaged(net))
    average_.push_back(t.detach().clone());
}

// Parameters, then buffers, in the module's fixed order; integer buffers (step counters) are not
// averaged.
std::vector<torch::Tensor> WeightAverage::averaged(const torch::nn::Module& net) {
  std::vector<torch::Tensor> out;
  for (const auto& p : net.parameters())
    out.push_back(p);
  for (const auto& b : net.buffers())
    if (b.is_floating_point()) out.push_back(b);
  return out;
}

double WeightAverage::decayAt(int64_t step) const {
  return std::min(decay_, double(1 + step) / double(10 + step));
}

void WeightAverage::update(const torch::nn::Module& net, int64_t step) {
  torch::NoGradGuard noGrad;
  const double d = decayAt(step);
  const auto current = averaged(net);
  for (size_t i = 0; i < average_.size(); ++i)
    average_[i].mul_(d).add_(current[i].detach(), 1 - d);
}

void WeightAverage::copyTo(torch::nn::Module& net) const {
  torch::NoGradGuard noGrad;
  auto target = averaged(net);
  for (size_t i = 0; i < average_.size(); ++i)
    target[i].copy_(average_[i]);
}

void WeightAverage::save(const std::filesystem::path& path) const {
  std::vector<torch::Tensor> cpu;
  for (const auto& t : average_)
    cpu.push_back(t.to(torch::kCPU));
  writeAtomically(path, [&](const std::filesystem::path& tmp) { torch::save(cpu, tmp.string()); });
}

void WeightAverage::load(const std::filesystem::path& path) {
  std::vector<torch::Tensor> loaded;
  try {
    torch::load(loaded, path.string());
  } catch (const std::exception& e) {
    throw Error::file(path, std::string("cannot be loaded as a weight average: ") + e.what());
  }
  if (loaded.size() != average_.size())
    throw Error::file(path, "holds " + std::to_string(loaded.size()) +
                                " averaged tensors, the network has " +
                                std::to_string(average_.size()));
  for (size_t i = 0; i < loaded.size(); ++i)
    if (!loaded[i].sizes().equals(average_[i].sizes()))
      throw Error::file(
          path, "averaged tensor " + std::to_string(i) + " has another shape than the network's");
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < loaded.size(); ++i)
    average_[i].copy_(loaded[i]);
}

}  // namespace ds
