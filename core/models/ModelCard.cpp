#include "core/models/ModelCard.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace ds {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;  // keeps the card's key order when it is read and rewritten

namespace {

// Reads the keys of one JSON object, naming them "prefix.key" in errors.
struct Keys {
  const Json& obj;
  std::string prefix;
  const fs::path& file;

  std::string key(const char* k) const { return prefix.empty() ? k : prefix + "." + k; }
  Error fail(const std::string& problem) const { return Error::file(file, problem); }
  const Json* find(const char* k) const {
    const auto it = obj.find(k);
    return it == obj.end() ? nullptr : &*it;
  }
  const Json& require(const char* k) const {
    if (const Json* v = find(k)) return *v;
    throw fail("missing key " + key(k));
  }
  std::string string(const char* k, bool required) const {
    const Json* v = required ? &require(k) : find(k);
    if (!v) return {};
    if (!v->is_string()) throw fail(key(k) + " must be a string (got " + v->dump() + ")");
    return v->get<std::string>();
  }
  uint64_t count(const char* k) const {
    const Json* v = find(k);
    if (!v) return 0;
    if (!v->is_number_unsigned())
      throw fail(key(k) + " must be a non-negative integer (got " + v->dump() + ")");
    return v->get<uint64_t>();
  }
  double number(const char* k) const {
    const Json* v = find(k);
    if (!v) return 0.0;
    if (!v->is_number()) throw fail(key(k) + " must be a number (got " + v->dump() + ")");
    return v->get<double>();
  }
  int dimension(const char* k) const {
    const Json& v = require(k);
    if (!v.is_number_unsigned() || v.get<uint64_t>() == 0 || v.get<uint64_t>() > 65536)
      throw fail(key(k) + " must be a positive integer (got " + v.dump() + ")");
    return int(v.get<uint64_t>());
  }
  // A nested object's JSON text; "{}" when absent and optional.
  std::string objectText(const char* k, bool required) const {
    const Json* v = required ? &require(k) : find(k);
    if (!v) return "{}";
    if (!v->is_object()) throw fail(key(k) + " must be a JSON object");
    return v->dump();
  }
  Keys object(const char* k, bool required) const {
    static const Json empty = Json::object();
    const Json* v = required ? &require(k) : find(k);
    if (!v) return Keys{empty, key(k), file};
    if (!v->is_object()) throw fail(key(k) + " must be a JSON object");
    return Keys{*v, key(k), file};
  }
  void rejectUnknown(std::initializer_list<const char*> known) const {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; })) {
        std::string list;
        for (const char* k : known)
          list += (list.empty() ? "" : ", ") + std::string(k);
        throw fail("unknown key " + key(it.key().c_str()) + " (known: " + list + ")");
      }
  }
};

bool isJsonObjectText(const std::string& text) {
  try {
    return Json::parse(text).is_object();
  } catch (const Json::exception&) {
    return false;
  }
}

std::string lowerCase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// The weights file the sidecar reader assumes when the card names none.
std::string defaultWeightsFile(const fs::path& cardPath) {
  return cardPath.stem().string() + ".safetensors";
}

void checkCard(const ModelCard& c, const fs::path& path) {
  auto fail = [&](const std::string& problem) { return Error::file(path, problem); };
  if (c.name.empty()) throw fail("name must not be empty");
  if (c.inputWidth <= 0 || c.inputWidth > 65536 || c.inputHeight <= 0 || c.inputHeight > 65536)
    throw fail("input.width and input.height must be positive integers (got " +
               std::to_string(c.inputWidth) + " x " + std::to_string(c.inputHeight) + ")");
  if (c.borderPadding < 0 || c.borderPadding >= std::min(c.inputWidth, c.inputHeight))
    throw fail(
        "input.border_padding must be 0 or more and less than the input's smaller side "
        "(got " +
        std::to_string(c.borderPadding) + ")");
  if (c.architecture.network.empty()) throw fail("architecture.network must not be empty");
  if (!isJsonObjectText(c.architecture.config))
    throw fail("architecture.config must be the text of a JSON object (got '" +
               c.architecture.config + "')");
  if (!isJsonObjectText(c.metrics))
    throw fail("metrics must be the text of a JSON object (got '" + c.metrics + "')");
  if (c.training.steps < 0) throw fail("training.steps must not be negative");
  if (!(c.training.wallTimeS >= 0.0) || !std::isfinite(c.training.wallTimeS))
    throw fail("training.wall_time_s must be a non-negative number");
  const fs::path file(c.weights.file);
  if (c.weights.file.empty() || file.has_parent_path() || file == "." || file == "..")
    throw fail("weights.file must be a file name beside the card (got '" + c.weights.file + "')");
  if (c.weights.sha256.size() != 64 ||
      !std::all_of(c.weights.sha256.begin(), c.weights.sha256.end(),
                   [](unsigned char ch) { return std::isxdigit(ch) != 0; }))
    throw fail("weights.sha256 must be 64 hexadecimal digits (got '" + c.weights.sha256 + "')");
}

}  // namespace

ModelCard ModelCard::read(const fs::path& path) {
  Json doc;
  try {
    doc = Json::parse(readFile(path));
  } catch (const Json::exception& e) {
    throw Error::file(path, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw Error::file(path, "a model card must be a JSON object");
  const Keys top{doc, "", path};

  ModelCard c;
  c.cardPath = path;
  const std::string format = top.string("format", true);
  if (format != "builtin")
    throw top.fail("format must be \"builtin\" in a model card (got '" + format + "')");
  c.name = top.string("name", true);
  c.license = top.string("license", false);

  const Keys in = top.object("input", true);
  in.rejectUnknown({"width", "height", "border_padding"});
  c.inputWidth = in.dimension("width");
  c.inputHeight = in.dimension("height");
  c.borderPadding = int(std::min<uint64_t>(in.count("border_padding"), 65536));
  const Keys out = top.object("output", true);
  out.rejectUnknown({"kind"});
  const std::string kind = out.string("kind", true);
  const auto parsedKind = parseDepthKind(kind);
  if (!parsedKind)
    throw top.fail("output.kind '" + kind +
                   "' is not one of metric_depth, relative_depth, relative_inverse_depth");
  c.outputKind = *parsedKind;

  const Keys arch = top.object("architecture", true);
  arch.rejectUnknown({"network", "config"});
  c.architecture.network = arch.string("network", true);
  c.architecture.config = arch.objectText("config", false);

  const Keys train = top.object("training", false);
  train.rejectUnknown({"command", "seed", "steps", "wall_time_s", "hardware", "data", "date"});
  c.training.command = train.string("command", false);
  c.training.seed = train.count("seed");
  c.training.steps =
      int64_t(std::min<uint64_t>(train.count("steps"), std::numeric_limits<int64_t>::max()));
  c.training.wallTimeS = train.number("wall_time_s");
  c.training.hardware = train.string("hardware", false);
  c.training.data = train.string("data", false);
  c.training.date = train.string("date", false);

  c.metrics = top.objectText("metrics", false);
  const Keys w = top.object("weights", true);
  w.rejectUnknown({"file", "sha256"});
  c.weights.file = w.string("file", true);
  c.weights.sha256 = lowerCase(w.string("sha256", true));
  c.notes = top.string("notes", false);

  // The sidecar reader follows "file"; it must point where the card's weights are.
  const std::string sidecarFile = top.string("file", false);
  if (!sidecarFile.empty() && sidecarFile != c.weights.file)
    throw top.fail("file '" + sidecarFile + "' and weights.file '" + c.weights.file +
                   "' name different files");
  checkCard(c, path);
  return c;
}

void ModelCard::write(const fs::path& path) {
  checkCard(*this, path);
  Json doc = Json::object();
  doc["format"] = "builtin";
  doc["name"] = name;
  if (!license.empty()) doc["license"] = license;
  if (weights.file != defaultWeightsFile(path)) doc["file"] = weights.file;
  doc["input"] = Json::object();
  doc["input"]["width"] = inputWidth;
  doc["input"]["height"] = inputHeight;
  if (borderPadding != 0) doc["input"]["border_padding"] = borderPadding;
  doc["output"] = Json::object();
  doc["output"]["kind"] = toString(outputKind);
  doc["architecture"] = Json::object();
  doc["architecture"]["network"] = architecture.network;
  doc["architecture"]["config"] = Json::parse(architecture.config);
  doc["training"] = Json::object();
  Json& t = doc["training"];
  t["command"] = training.command;
  t["seed"] = training.seed;
  t["steps"] = training.steps;
  t["wall_time_s"] = training.wallTimeS;
  t["hardware"] = training.hardware;
  t["data"] = training.data;
  t["date"] = training.date;
  doc["metrics"] = Json::parse(metrics);
  doc["weights"] = Json::object();
  doc["weights"]["file"] = weights.file;
  doc["weights"]["sha256"] = lowerCase(weights.sha256);
  doc["notes"] = notes;
  std::string text;
  try {
    text = doc.dump(2) + "\n";
  } catch (const Json::exception& e) {
    throw Error::file(path, std::string("a text field is not UTF-8 (") + e.what() + ")");
  }
  writeFileAtomically(path, text);
  cardPath = path;
}

fs::path ModelCard::pathFor(const fs::path& weightsPath) {
  return fs::path(weightsPath).replace_extension(".json");
}

void ModelCard::recordWeights(const fs::path& path) {
  weights.sha256 = Sha256::ofFile(path);
  weights.file = path.filename().string();
}

fs::path ModelCard::weightsPath() const {
  return cardPath.parent_path() / weights.file;
}

void ModelCard::verifyWeights() const {
  const fs::path file = weightsPath();
  const std::string card = "model card '" + cardPath.string() + "'";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw Error::file(file, "weights file not found (named by " + card + ")");
  const std::string actual = Sha256::ofFile(file);
  if (actual != lowerCase(weights.sha256))
    throw Error::file(
        file, "sha256 is " + actual + ", but " + card + " records " + lowerCase(weights.sha256) +
                  ": the weights were changed or replaced after the card was written");
}

void ModelCard::check() const {
  checkCard(*this, cardPath);
}

}  // namespace ds
