#include "core/models/OnnxModel.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/dnn/dnn.hpp>

#include "core/models/InputFraming.h"
#include "core/models/OnnxGraphSignature.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace ds {

namespace fs = std::filesystem;

struct OnnxModel::Network {
  cv::dnn::Net net;
};

namespace {

std::string dimsText(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? "," : "") + (dims[i] > 0 ? std::to_string(dims[i]) : std::string("?"));
  return s + "]";
}

void checkInputShape(const OnnxGraphSignature::Tensor& declared, const ModelSidecar& s) {
  if (!declared.hasShape) return;  // nothing declared: the sidecar's frame is taken as given
  const bool nchw = s.input.layout == ModelSidecar::Layout::NCHW;
  const std::vector<int64_t> wanted =
      nchw ? std::vector<int64_t>{1, 3, s.input.height, s.input.width}
           : std::vector<int64_t>{1, s.input.height, s.input.width, 3};
  bool matches = declared.dims.size() == wanted.size();
  for (size_t i = 0; matches && i < wanted.size(); ++i)
    matches = declared.dims[i] <= 0 || declared.dims[i] == wanted[i];  // symbolic sizes fit all
  if (!matches)
    throw Error::file(s.modelPath, "input '" + declared.name + "' has shape " +
                                       declared.shapeText() + " but the sidecar '" +
                                       s.sidecarPath.string() + "' describes " + dimsText(wanted) +
                                       " (" + ModelSidecar::toString(s.input.layout) + ", " +
                                       std::to_string(s.input.width) + "x" +
                                       std::to_string(s.input.height) + ")");
}

// A depth map is one channel: after the batch dimension at most two sizes may exceed 1.
bool couldBeSingleChannelMap(const std::vector<int64_t>& dims) {
  if (dims.size() < 2 || dims.size() > 4) return false;
  int large = 0;
  for (size_t i = dims.size() > 2 ? 1 : 0; i < dims.size(); ++i)
    large += dims[i] > 1;
  return large <= 2;
}

}  // namespace

OnnxModel::OnnxModel(const fs::path& onnxPath, const ModelOptions& options)
    : OnnxModel(ModelSidecar::forModel(onnxPath), options) {}

OnnxModel::OnnxModel(const ModelSidecar& sidecar, const ModelOptions& options)
    : sidecar_(sidecar), options_(options), net_(std::make_unique<Network>()) {
  options_.check();
  sidecar_.check();
  const fs::path& path = sidecar_.modelPath;
  const std::string json = "'" + sidecar_.sidecarPath.string() + "'";
  if (sidecar_.format != "onnx")
    throw Error::file(sidecar_.sidecarPath, "format '" + sidecar_.format + "' is not onnx");
  if (!fs::is_regular_file(path))
    throw Error::file(path, "model file not found (named by the sidecar " + json + ")");

  const std::string bytes = readFile(path);
  const std::string sha = Sha256::ofBytes(bytes);
  if (!sidecar_.sha256.empty() && sha != sidecar_.sha256)
    throw Error::file(path, "sha256 is " + sha + " but the sidecar " + json + " says " +
                                sidecar_.sha256 +
                                "; the file changed or is not the model the sidecar describes");

  const OnnxGraphSignature graph = OnnxGraphSignature::parse(bytes, path);
  const auto* input = graph.findInput(sidecar_.input.name);
  if (!input)
    throw Error::file(sidecar_.sidecarPath,
                      "input.name '" + sidecar_.input.name + "' is not an input of '" +
                          path.string() +
                          "'; its inputs: " + OnnxGraphSignature::describe(graph.inputs()));
  checkInputShape(*input, sidecar_);
  const auto* output = graph.findOutput(sidecar_.output.name);
  if (!output)
    throw Error::file(sidecar_.sidecarPath,
                      "output.name '" + sidecar_.output.name + "' is not an output of '" +
                          path.string() +
                          "'; its outputs: " + OnnxGraphSignature::describe(graph.outputs()));
  if (output->hasShape && !couldBeSingleChannelMap(output->dims))
    throw Error::file(path, "output '" + output->name + "' has shape " + output->shapeText() +
                                ", not a single-channel depth map");

  try {
    net_->net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
  } catch (const cv::Exception& e) {
    throw Error::file(path, "OpenCV DNN cannot load this ONNX model: " + e.err);
  }
  if (net_->net.empty()) throw Error::file(path, "OpenCV DNN loaded an empty network");
  if (net_->net.getLayerId(sidecar_.output.name) < 0)
    throw Error::file(path, "OpenCV DNN does not expose the output '" + sidecar_.output.name +
                                "' (it may have been folded into another layer)");
  net_->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net_->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);

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

OnnxModel::~OnnxModel() = default;

DepthMap OnnxModel::predict(const Image& image, ProgressSink& progress, const CancelToken& cancel) {
  if (image.empty()) throw Error("cannot estimate depth for an empty image");
  auto report = [&](double fraction, const char* message) {
    progress.report(Progress{fraction, "base", 0, 0, message});
  };
  const fs::path& path = sidecar_.modelPath;

  cancel.throwIfCancelled();
  report(0.0, "preparing the input");
  const InputFraming framing(sidecar_.input, image.width(), image.height());
  std::vector<float> tensor = framing.tensor(image);
  const std::vector<int> shape = framing.tensorShape();
  const cv::Mat blob(int(shape.size()), shape.data(), CV_32F, tensor.data());

  cancel.throwIfCancelled();
  report(0.05, "running the network");
  // OpenCV's pool is process-wide, so a thread count applies to everything that uses it.
  if (options_.threads > 0) cv::setNumThreads(options_.threads);
  cv::Mat out;
  try {
    net_->net.setInput(blob, sidecar_.input.name);
    out = net_->net.forward(sidecar_.output.name);
  } catch (const cv::Exception& e) {
    throw Error::file(path, "OpenCV DNN failed to run it: " + e.err);
  }
  cancel.throwIfCancelled();
  report(0.95, "resampling depth to the image");

  // Squeeze [1,1,H,W], [1,H,W,1], [1,H,W] or [H,W] to its two spatial sizes.
  std::vector<int64_t> dims(out.size.p, out.size.p + out.dims);
  std::vector<int> spatial;
  for (size_t i = dims.size() > 2 ? 1 : 0; i < dims.size(); ++i)
    if (dims[i] > 1) spatial.push_back(int(dims[i]));
  if (out.type() != CV_32F || out.dims > 4 || spatial.size() != 2 ||
      (dims.size() > 2 && dims[0] != 1))
    throw Error::file(path, "output '" + sidecar_.output.name + "' came out as " + dimsText(dims) +
                                ", not a single-channel float depth map");
  cv::Mat map = cv::Mat(spatial[0], spatial[1], CV_32F, out.ptr<float>()).clone();
  if (sidecar_.output.scale != 1.0 || sidecar_.output.shift != 0.0)
    map.convertTo(map, CV_32F, sidecar_.output.scale, sidecar_.output.shift);

  std::vector<float> values;
  std::vector<uint8_t> valid;
  framing.mapBack(map.ptr<float>(), map.cols, map.rows, values, valid);
  // Invalid: not seen (crop), or not a depth value of its kind (isDepthValue).
  for (size_t i = 0; i < values.size(); ++i)
    if (!isDepthValue(sidecar_.output.kind, values[i])) valid[i] = 0;
  report(1.0, "done");
  return DepthMap(image.width(), image.height(), sidecar_.output.kind, std::move(values),
                  std::move(valid));
}

}  // namespace ds
