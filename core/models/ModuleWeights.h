#pragma once
// A network's weights as a safetensors file: every parameter and buffer under its hierarchical
// name ("decoder.head.weight", "0.bias" inside a Sequential), exactly as PyTorch's state_dict
// names them, so weights move between this project and Python without renaming.
#include <filesystem>
#include <map>
#include <string>

namespace torch {
namespace nn {
class Module;
}  // namespace nn
}  // namespace torch

namespace ds {

struct ModuleLoadOptions {
  // Accept F16/BF16/F32/F64 tensors for floating-point parameters of another precision and
  // convert them to the network's dtype. Off: the stored dtype must be the network's, so a
  // half-precision export is never widened without the caller asking for it.
  bool convertFloatingPoint = false;
};

// Writes every parameter and buffer of `module` (from any device) atomically.
void saveModule(const torch::nn::Module& module, const std::filesystem::path& path,
                const std::map<std::string, std::string>& metadata = {});

// Checks the whole file against `module` first: every parameter and buffer present, with the
// same shape and an acceptable dtype, and no tensor the network does not have. Any problem throws
// ds::Error naming the file and the tensors, and leaves the module unchanged. Then copies the
// values onto the module's tensors (on their device, without recording gradients).
void loadModule(torch::nn::Module& module, const std::filesystem::path& path,
                const ModuleLoadOptions& options = {});

}  // namespace ds
