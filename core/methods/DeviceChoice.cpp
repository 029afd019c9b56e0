#include "core/methods/DeviceChoice.h"

#include <torch/cuda.h>

#include "core/util/Error.h"

namespace ds {

torch::Device resolveDevice(const std::string& name) {
  if (name == "auto" || name.empty())
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                       : torch::Device(torch::kCPU);
  if (name == "cpu") return torch::kCPU;
  if (name.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available())
      throw Error("device '" + name +
                  "': this LibTorch sees no CUDA GPU (Debian's libtorch is CPU-only; build "
                  "against a CUDA LibTorch, or use --device cpu)");
    int index = 0;
    if (name.size() > 4) {
      if (name[4] != ':' || name.size() == 5 ||
          name.find_first_not_of("0123456789", 5) != std::string::npos)
        throw Error("device '" + name + "' is not cpu, cuda, cuda:N or auto");
      index = std::stoi(name.substr(5));
    }
    if (index >= int(torch::cuda::device_count()))
      throw Error("device '" + name + "': only " + std::to_string(torch::cuda::device_count()) +
                  " CUDA device(s) present");
    return torch::Device(torch::kCUDA, int8_t(index));
  }
  throw Error("device '" + name + "' is not cpu, cuda, cuda:N or auto");
}

std::string describeDevice(const torch::Device& device) {
  return device.str();
}

}  // namespace ds
