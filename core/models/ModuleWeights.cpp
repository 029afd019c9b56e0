#include "core/models/ModuleWeights.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/utils.h>

#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "core/models/SafetensorsFile.h"
#include "core/util/Error.h"

namespace ds {

namespace {

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

// Parameters, then buffers, under their state_dict names. Optional tensors that a module left
// undefined (a convolution without bias) are not part of its weights.
NamedTensors weightsOf(const torch::nn::Module& module) {
  NamedTensors out;
  for (const auto& p : module.named_parameters(/*recurse=*/true))
    if (p.value().defined()) out.emplace_back(p.key(), p.value());
  for (const auto& b : module.named_buffers(/*recurse=*/true))
    if (b.value().defined()) out.emplace_back(b.key(), b.value());
  return out;
}

std::string shapeText(at::IntArrayRef shape) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < shape.size(); ++i)
    out << (i ? ", " : "") << shape[i];
  out << "]";
  return out.str();
}

std::string typeText(c10::ScalarType type) {
  const auto dtype = SafetensorsFile::fromScalarType(type);
  return dtype ? SafetensorsFile::toString(*dtype) : c10::toString(type);
}

// "'a', 'b', 'c' and 4 more": a renamed module can miss hundreds of tensors.
std::string nameList(const std::vector<std::string>& names) {
  constexpr size_t kShown = 8;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i)
    out += (i ? ", '" : "'") + names[i] + "'";
  if (names.size() > kShown) out += " and " + std::to_string(names.size() - kShown) + " more";
  return out;
}

// Every reason the file does not fit the module; empty when it fits.
std::vector<std::string> mismatches(const SafetensorsFile& file, const NamedTensors& expected,
                                    const ModuleLoadOptions& options) {
  std::vector<std::string> problems, missing, unexpected;
  std::set<std::string> known;
  for (const auto& [name, target] : expected) {
    known.insert(name);
    if (!file.contains(name)) {
      missing.push_back(name);
      continue;
    }
    const SafetensorsFile::TensorInfo& info = file.info(name);
    if (!target.sizes().equals(info.shape))
      problems.push_back("tensor '" + name + "' has shape " + shapeText(info.shape) +
                         ", the network expects " + shapeText(target.sizes()));
    const c10::ScalarType stored = SafetensorsFile::scalarType(info.dtype);
    if (stored == target.scalar_type()) continue;
    const bool bothFloating =
        c10::isFloatingType(stored) && c10::isFloatingType(target.scalar_type());
    if (bothFloating && options.convertFloatingPoint) continue;
    problems.push_back(
        "tensor '" + name + "' is " + SafetensorsFile::toString(info.dtype) +
        ", the network expects " + typeText(target.scalar_type()) +
        (bothFloating ? " (ModuleLoadOptions::convertFloatingPoint converts it)" : ""));
  }
  for (const std::string& name : file.names())
    if (!known.count(name)) unexpected.push_back(name);
  if (!missing.empty())
    problems.insert(problems.begin(), "missing tensors the network needs: " + nameList(missing));
  if (!unexpected.empty())
    problems.push_back("tensors the network does not have: " + nameList(unexpected));
  return problems;
}

}  // namespace

void saveModule(const torch::nn::Module& module, const std::filesystem::path& path,
                const std::map<std::string, std::string>& metadata) {
  SafetensorsFile::write(path, weightsOf(module), metadata);
}

void loadModule(torch::nn::Module& module, const std::filesystem::path& path,
                const ModuleLoadOptions& options) {
  const SafetensorsFile file = SafetensorsFile::open(path);
  const NamedTensors targets = weightsOf(module);
  const std::vector<std::string> problems = mismatches(file, targets, options);
  if (!problems.empty()) {
    std::string text;
    for (const std::string& p : problems)
      text += (text.empty() ? "" : "; ") + p;
    throw Error::file(path, text);
  }
  // Read every tensor before changing any: a failed read must not leave the network half-loaded.
  std::vector<at::Tensor> values;
  values.reserve(targets.size());
  for (const auto& target : targets)
    values.push_back(file.tensor(target.first));
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < targets.size(); ++i)
    targets[i].second.copy_(values[i]);  // converts the dtype and moves to the tensor's device
}

}  // namespace ds
