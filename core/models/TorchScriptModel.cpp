#include "core/models/TorchScriptModel.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <c10/util/Exception.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/cuda.h>

#include <cmath>
#include <fstream>

#include "core/models/InputFraming.h"
#include "core/models/ModelRegistry.h"
#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace ds {

namespace fs = std::filesystem;

struct TorchScriptModel::Network {
  torch::jit::Module module;
  c10::Device device{c10::kCPU};
};

namespace {

std::string trimmed(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// LibTorch messages carry C++ backtraces and, from the TorchScript interpreter, two Python-like
// tracebacks; the line that says what went wrong is the first one, or the interpreter's last.
std::string summary(const std::exception& e) {
  const auto* c10Error = dynamic_cast<const c10::Error*>(&e);
  const std::string text = c10Error ? c10Error->what_without_backtrace() : e.what();
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = trimmed(text.substr(start, end - start));
    if (!line.empty()) lines.push_back(line);
    start = end + 1;
  }
  if (lines.empty()) return "unknown LibTorch error";
  const bool interpreter = lines.front().find("TorchScript interpreter") != std::string::npos;
  return interpreter ? lines.back() : lines.front();
}

std::string shapeText(at::IntArrayRef sizes) {
  std::string s = "[";
  for (size_t i = 0; i < sizes.size(); ++i)
    s += (i ? "," : "") + std::to_string(sizes[i]);
  return s + "]";
}

std::vector<int64_t> frameShape(const ModelSidecar::Input& in) {
  if (in.layout == ModelSidecar::Layout::NHWC) return {1, in.height, in.width, 3};
  return {1, 3, in.height, in.width};
}

// The element of a tuple/list/dict output that output.name picks (index or key; default first).
c10::IValue pickOutput(const c10::IValue& out, const std::string& name, const fs::path& path) {
  auto fail = [&](const std::string& problem) { return Error::file(path, problem); };
  if (out.isTensor()) {
    if (!name.empty())
      throw fail("output.name '" + name +
                 "' picks an element of a tuple or dict output, but the model returns a single "
                 "tensor; remove output.name from the sidecar");
    return out;
  }
  if (out.isTuple() || out.isList()) {
    const std::vector<c10::IValue> items =
        out.isTuple() ? out.toTupleRef().elements().vec() : out.toListRef().vec();
    size_t index = 0;
    if (!name.empty()) {
      const bool digits = name.find_first_not_of("0123456789") == std::string::npos;
      index = digits && name.size() < 9 ? size_t(std::stoul(name)) : items.size();
    }
    if (index >= items.size())
      throw fail("the model returns a " + std::string(out.tagKind()) + " of " +
                 std::to_string(items.size()) + " elements; output.name '" + name +
                 "' must be an index from 0 to " + std::to_string(items.size()) + " - 1");
    return items[index];
  }
  if (out.isGenericDict()) {
    const c10::Dict<c10::IValue, c10::IValue> dict = out.toGenericDict();
    std::string keys;
    for (const auto& entry : dict) {
      const c10::IValue& key = entry.key();
      const std::string keyText = key.isString() ? key.toStringRef() : key.tagKind();
      if (name.empty() || keyText == name) return entry.value();
      keys += (keys.empty() ? "" : ", ") + keyText;
    }
    throw fail("the model returns a dict without the key output.name '" + name +
               "'; its keys: " + (keys.empty() ? "(none)" : keys));
  }
  throw fail("the model returns a " + std::string(out.tagKind()) +
             ", not a tensor, tuple or dict holding the depth map");
}

// The depth map as [H,W]: accepts [1,1,H,W], [1,H,W] and [H,W]; anything else names its shape.
at::Tensor depthPlane(const c10::IValue& out, const std::string& name, const fs::path& path) {
  const c10::IValue picked = pickOutput(out, name, path);
  if (!picked.isTensor())
    throw Error::file(path, "the output element '" + name + "' is a " +
                                std::string(picked.tagKind()) + ", not a tensor");
  const at::Tensor t = picked.toTensor();
  const auto d = t.sizes();
  const bool fits =
      (d.size() == 2) || (d.size() == 3 && d[0] == 1) || (d.size() == 4 && d[0] == 1 && d[1] == 1);
  // Say which element was taken when the model returns several.
  const std::string where =
      out.isTensor() ? ""
      : name.empty() ? " (the first element of the " + std::string(out.tagKind()) +
                           " the model returns; output.name picks another)"
                     : " (element '" + name + "' of the " + std::string(out.tagKind()) + ")";
  if (!fits || t.numel() == 0)
    throw Error::file(path, "the output came out as " + shapeText(d) + where +
                                ", not a single-channel depth map ([1,1,H,W], [1,H,W] or [H,W])");
  if (!t.is_floating_point())
    throw Error::file(path, "the output is " + std::string(c10::toString(t.scalar_type())) +
                                ", not a floating-point depth map");
  return t.reshape({d[d.size() - 2], d[d.size() - 1]});
}

void checkIsArchive(const fs::path& path) {
  char magic[4] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(magic, 4);
  // torch.jit.save writes a zip archive; its local file header starts "PK\3\4".
  if (in.gcount() < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4)
    throw Error::file(path,
                      "not a TorchScript archive (torch.jit.save writes a zip file; this is not "
                      "one); export the model with tools/export-torchscript.py");
}

}  // namespace

const char* TorchScriptModel::toString(Device device) {
  switch (device) {
    case Device::Cuda:
      return "cuda";
    case Device::Auto:
      return "auto";
    case Device::Cpu:
      break;
  }
  return "cpu";
}

TorchScriptModel::Device TorchScriptModel::parseDevice(const std::string& text) {
  for (Device d : {Device::Cpu, Device::Cuda, Device::Auto})
    if (text == toString(d)) return d;
  throw Error("device '" + text + "' is not one of cpu, cuda, auto");
}

TorchScriptModel::TorchScriptModel(const fs::path& modelPath, const ModelOptions& options,
                                   Device device)
    : TorchScriptModel(ModelSidecar::forModel(modelPath), options, device) {}

TorchScriptModel::TorchScriptModel(const ModelSidecar& sidecar, const ModelOptions& options,
                                   Device device)
    : sidecar_(sidecar), options_(options), net_(std::make_unique<Network>()) {
  options_.check();
  sidecar_.check();
  const fs::path& path = sidecar_.modelPath;
  const std::string json = "'" + sidecar_.sidecarPath.string() + "'";
  if (sidecar_.format != "torchscript")
    throw Error::file(sidecar_.sidecarPath, "format '" + sidecar_.format + "' is not torchscript");
  if (!fs::is_regular_file(path))
    throw Error::file(path, "model file not found (named by the sidecar " + json + ")");

  const std::string sha = Sha256::ofFile(path);
  if (!sidecar_.sha256.empty() && sha != sidecar_.sha256)
    throw Error::file(path, "sha256 is " + sha + " but the sidecar " + json + " says " +
                                sidecar_.sha256 +
                                "; the file changed or is not the model the sidecar describes");

  const bool cuda = torch::cuda::is_available();
  if (device == Device::Cuda && !cuda)
    throw Error::file(path,
                      "CUDA was asked for but LibTorch sees no CUDA device (a CPU-only build or "
                      "no GPU); run it on the CPU");
  device_ = device == Device::Auto ? (cuda ? Device::Cuda : Device::Cpu) : device;
  net_->device = device_ == Device::Cuda ? c10::Device(c10::kCUDA) : c10::Device(c10::kCPU);
  if (options_.threads > 0) at::set_num_threads(options_.threads);

  checkIsArchive(path);
  try {
    net_->module = torch::jit::load(path.string(), net_->device);
  } catch (const std::exception& e) {
    const std::string why = summary(e);
    // A weights-only checkpoint (torch.save) is a zip too, but holds no TorchScript code.
    const bool noCode =
        why.find("constants.pkl") != std::string::npos || why.find("code/") != std::string::npos;
    throw Error::file(path, noCode ? "a zip archive without TorchScript code, probably weights "
                                     "saved with torch.save; export the model with "
                                     "tools/export-torchscript.py (" +
                                         why + ")"
                                   : "cannot be read as TorchScript; the archive is truncated "
                                     "or damaged (" +
                                         why + ")");
  }
  net_->module.eval();

  // One forward at the sidecar's frame: a model traced at another size, or one that yields
  // several channels, fails here with both shapes rather than on the first photo.
  const std::vector<int64_t> shape = frameShape(sidecar_.input);
  const std::string expected =
      shapeText(shape) + " (" + ModelSidecar::toString(sidecar_.input.layout) + ", " +
      std::to_string(sidecar_.input.width) + "x" + std::to_string(sidecar_.input.height) +
      " from the sidecar " + json + ")";
  c10::IValue out;
  try {
    c10::InferenceMode inference;
    out = net_->module.forward(
        {at::zeros(shape, at::TensorOptions(at::kFloat).device(net_->device))});
  } catch (const std::exception& e) {
    throw Error::file(path, "does not run on the input " + expected + ": " + summary(e) +
                                "; the sidecar's input size must be the one the model was "
                                "exported for");
  }
  try {
    depthPlane(out, sidecar_.output.name, path);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + "; checked with the input " + expected);
  }

  info_.id = sidecar_.sidecarPath.stem().string();
  info_.name = sidecar_.name;
  info_.format = sidecar_.format;
  info_.path = path.string();
  info_.sidecarPath = sidecar_.sidecarPath.string();
  info_.sha256 = sha;
  info_.outputKind = sidecar_.output.kind;
  info_.inputWidth = sidecar_.input.width;
  info_.inputHeight = sidecar_.input.height;
  info_.license = sidecar_.license;
}

TorchScriptModel::~TorchScriptModel() = default;

DepthMap TorchScriptModel::predict(const Image& image, ProgressSink& progress,
                                   const CancelToken& cancel) {
  if (image.empty()) throw Error("cannot estimate depth for an empty image");
  auto report = [&](double fraction, const char* message) {
    progress.report(Progress{fraction, "base", 0, 0, message});
  };
  const fs::path& path = sidecar_.modelPath;

  cancel.throwIfCancelled();
  report(0.0, "preparing the input");
  const InputFraming framing(sidecar_.input, image.width(), image.height());
  std::vector<float> data = framing.tensor(image);
  const std::vector<int> dims = framing.tensorShape();
  const std::vector<int64_t> shape(dims.begin(), dims.end());

  cancel.throwIfCancelled();
  report(0.05, "running the network");
  // LibTorch's intra-op pool is process-wide, like OpenCV's.
  if (options_.threads > 0) at::set_num_threads(options_.threads);
  at::Tensor plane;
  try {
    c10::InferenceMode inference;
    const at::Tensor input = at::from_blob(data.data(), shape, at::kFloat).to(net_->device);
    const c10::IValue out = net_->module.forward({input});
    plane = depthPlane(out, sidecar_.output.name, path).to(at::kCPU, at::kFloat).contiguous();
    if (sidecar_.output.scale != 1.0 || sidecar_.output.shift != 0.0)
      plane = plane * sidecar_.output.scale + sidecar_.output.shift;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error::file(path, "LibTorch failed to run it: " + summary(e));
  }
  cancel.throwIfCancelled();
  report(0.95, "resampling depth to the image");

  std::vector<float> values;
  std::vector<uint8_t> valid;
  framing.mapBack(plane.data_ptr<float>(), int(plane.size(1)), int(plane.size(0)), values, valid);
  // Invalid: not seen (crop), or not a depth value of its kind (isDepthValue).
  for (size_t i = 0; i < values.size(); ++i)
    if (!isDepthValue(sidecar_.output.kind, values[i])) valid[i] = 0;
  report(1.0, "done");
  return DepthMap(image.width(), image.height(), sidecar_.output.kind, std::move(values),
                  std::move(valid));
}

void registerTorchScriptBackend(ModelRegistry& registry, TorchScriptModel::Device device) {
  registry.registerBackend("torchscript", [device](const ModelSidecar& s, const ModelOptions& o) {
    return std::unique_ptr<BaseModel>(std::make_unique<TorchScriptModel>(s, o, device));
  });
}

}  // namespace ds
