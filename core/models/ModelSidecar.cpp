#include "core/models/ModelSidecar.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace ds {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const kFormats[] = {"onnx", "torchscript", "builtin"};
const char* const kKinds = "metric_depth, relative_depth, relative_inverse_depth";

std::string joined(std::initializer_list<const char*> words) {
  std::string out;
  for (const char* w : words)
    out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// Reads keys of one JSON object, naming them "prefix.key" in errors.
struct Keys {
  const json& obj;
  std::string prefix;
  const fs::path& file;

  std::string key(const char* k) const { return prefix.empty() ? k : prefix + "." + k; }
  Error fail(const std::string& problem) const { return Error::file(file, problem); }

  const json* find(const char* k) const {
    auto it = obj.find(k);
    return it == obj.end() ? nullptr : &*it;
  }
  const json& require(const char* k) const {
    const json* v = find(k);
    if (!v) throw fail("missing key " + key(k));
    return *v;
  }
  std::string string(const char* k, bool required, const std::string& fallback = {}) const {
    const json* v = required ? &require(k) : find(k);
    if (!v) return fallback;
    if (!v->is_string()) throw fail(key(k) + " must be a string (got " + v->dump() + ")");
    return v->get<std::string>();
  }
  int positiveInt(const char* k) const {
    const json& v = require(k);
    if (!v.is_number_integer() || v.get<long long>() <= 0 || v.get<long long>() > 65536)
      throw fail(key(k) + " must be a positive integer (got " + v.dump() + ")");
    return int(v.get<long long>());
  }
  double number(const char* k, double fallback) const {
    const json* v = find(k);
    if (!v) return fallback;
    if (!v->is_number() || !std::isfinite(v->get<double>()))
      throw fail(key(k) + " must be a number (got " + v->dump() + ")");
    return v->get<double>();
  }
  std::array<double, 3> triple(const char* k, std::array<double, 3> fallback) const {
    const json* v = find(k);
    if (!v) return fallback;
    if (!v->is_array() || v->size() != 3 ||
        !std::all_of(v->begin(), v->end(), [](const json& e) { return e.is_number(); }))
      throw fail(key(k) + " must be an array of 3 numbers (got " + v->dump() + ")");
    return {(*v)[0].get<double>(), (*v)[1].get<double>(), (*v)[2].get<double>()};
  }
  // One of `choices`; returns its index.
  size_t choice(const char* k, std::initializer_list<const char*> choices, size_t fallback) const {
    const json* v = find(k);
    if (!v) return fallback;
    const std::string s = v->is_string() ? v->get<std::string>() : v->dump();
    size_t i = 0;
    for (const char* c : choices) {
      if (v->is_string() && s == c) return i;
      ++i;
    }
    throw fail(key(k) + " '" + s + "' is not one of " + joined(choices));
  }
  void rejectUnknown(std::initializer_list<const char*> known) const {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; }))
        throw fail("unknown key " + key(it.key().c_str()) + " (known: " + joined(known) + ")");
  }
};

Keys object(const Keys& parent, const char* k) {
  const json& v = parent.require(k);
  if (!v.is_object()) throw parent.fail(parent.key(k) + " must be a JSON object");
  return Keys{v, parent.key(k), parent.file};
}

std::string defaultExtension(const std::string& format) {
  if (format == "torchscript") return ".pt";
  if (format == "builtin") return ".safetensors";
  return ".onnx";
}

}  // namespace

ModelSidecar ModelSidecar::load(const fs::path& jsonPath) {
  if (!fs::is_regular_file(jsonPath)) throw Error::file(jsonPath, "sidecar not found");
  return parse(readFile(jsonPath), jsonPath);
}

ModelSidecar ModelSidecar::parse(const std::string& jsonText, const fs::path& jsonPath) {
  json doc;
  try {
    doc = json::parse(jsonText);
  } catch (const json::exception& e) {
    throw Error::file(jsonPath, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw Error::file(jsonPath, "a sidecar must be a JSON object");
  const Keys top{doc, "", jsonPath};

  ModelSidecar s;
  s.sidecarPath = jsonPath;
  s.format = top.string("format", true);
  if (std::find(std::begin(kFormats), std::end(kFormats), s.format) == std::end(kFormats))
    throw top.fail("format '" + s.format + "' is not one of onnx, torchscript, builtin");
  s.name = top.string("name", true);
  s.license = top.string("license", false);
  s.sha256 = top.string("sha256", false);
  std::transform(s.sha256.begin(), s.sha256.end(), s.sha256.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  const std::string file = top.string("file", false);
  s.modelPath = file.empty() ? fs::path(jsonPath).replace_extension(defaultExtension(s.format))
                             : jsonPath.parent_path() / file;

  const bool namedTensors = s.format == "onnx";  // TorchScript and built-ins take positional inputs
  const Keys in = object(top, "input");
  in.rejectUnknown({"name", "width", "height", "layout", "color", "scale", "mean", "std", "resize",
                    "border_padding"});
  // A built-in model's card (core/models/ModelCard) reads border_padding; nothing else would.
  if (s.format != "builtin" && in.find("border_padding"))
    throw in.fail(in.key("border_padding") + " applies only to built-in models (format builtin)");
  s.input.name = in.string("name", namedTensors);
  s.input.width = in.positiveInt("width");
  s.input.height = in.positiveInt("height");
  s.input.layout = Layout(in.choice("layout", {"NCHW", "NHWC"}, 0));
  s.input.color = Color(in.choice("color", {"RGB", "BGR"}, 0));
  s.input.scale = in.number("scale", s.input.scale);
  s.input.mean = in.triple("mean", s.input.mean);
  s.input.std = in.triple("std", s.input.std);
  s.input.resize =
      Resize(in.choice("resize", {"stretch", "keep_aspect_pad", "keep_aspect_crop"}, 0));

  const Keys out = object(top, "output");
  out.rejectUnknown({"name", "kind", "scale", "shift"});
  s.output.name = out.string("name", namedTensors);
  const std::string kind = out.string("kind", true);
  const auto parsed = parseDepthKind(kind);
  if (!parsed) throw out.fail("output.kind '" + kind + "' is not one of " + kKinds);
  s.output.kind = *parsed;
  s.output.scale = out.number("scale", 1.0);
  s.output.shift = out.number("shift", 0.0);

  s.check();
  return s;
}

void ModelSidecar::check() const {
  auto fail = [&](const std::string& problem) { return Error::file(sidecarPath, problem); };
  if (name.empty()) throw fail("name must not be empty");
  if (std::find(std::begin(kFormats), std::end(kFormats), format) == std::end(kFormats))
    throw fail("format '" + format + "' is not one of onnx, torchscript, builtin");
  if (format == "onnx" && input.name.empty()) throw fail("missing key input.name");
  if (format == "onnx" && output.name.empty()) throw fail("missing key output.name");
  if (input.width <= 0) throw fail("input.width must be a positive integer");
  if (input.height <= 0) throw fail("input.height must be a positive integer");
  if (!(input.scale > 0.0) || !std::isfinite(input.scale))
    throw fail("input.scale must be a positive number");
  for (double m : input.mean)
    if (!std::isfinite(m)) throw fail("input.mean must be 3 finite numbers");
  for (double d : input.std)
    if (!(std::abs(d) > 0.0) || !std::isfinite(d))
      throw fail("input.std must be 3 non-zero numbers (each channel is divided by it)");
  // A negative scale would turn depth into inverse depth; the kind says which one it is.
  if (!(output.scale > 0.0) || !std::isfinite(output.scale))
    throw fail("output.scale must be a positive number");
  if (!std::isfinite(output.shift)) throw fail("output.shift must be a finite number");
  if (!sha256.empty() &&
      (sha256.size() != 64 || !std::all_of(sha256.begin(), sha256.end(),
                                           [](unsigned char c) { return std::isxdigit(c) != 0; })))
    throw fail("sha256 must be 64 hexadecimal digits (got '" + sha256 + "')");
}

fs::path ModelSidecar::pathFor(const fs::path& modelPath) {
  return fs::path(modelPath).replace_extension(".json");
}

ModelSidecar ModelSidecar::forModel(const fs::path& modelPath) {
  if (!fs::exists(modelPath)) throw Error::file(modelPath, "model file not found");
  const fs::path json = pathFor(modelPath);
  if (!fs::exists(json))
    throw Error("no sidecar '" + json.filename().string() + "' next to '" + modelPath.string() +
                "'; see README 'Importing a model'");
  ModelSidecar s = load(json);
  s.modelPath = modelPath;
  return s;
}

const char* ModelSidecar::toString(Layout layout) {
  return layout == Layout::NHWC ? "NHWC" : "NCHW";
}
const char* ModelSidecar::toString(Color color) {
  return color == Color::BGR ? "BGR" : "RGB";
}
const char* ModelSidecar::toString(Resize resize) {
  switch (resize) {
    case Resize::KeepAspectPad:
      return "keep_aspect_pad";
    case Resize::KeepAspectCrop:
      return "keep_aspect_crop";
    case Resize::Stretch:
      break;
  }
  return "stretch";
}

}  // namespace ds
