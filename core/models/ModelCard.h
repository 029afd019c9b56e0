#pragma once
// The model card of a built-in model: "X.json" beside its weights "X.safetensors". It is also the
// model's registry sidecar (core/models/ModelSidecar, format "builtin"), so it keeps that format's
// required keys, and adds what makes the weights reproducible and trustworthy:
//   { "format": "builtin", "name": display name, "license": text (optional),
//     "file": weights file name (written only when it is not "X.safetensors", which the sidecar
//             assumes),
//     "input":  { "width", "height" }   the working resolution the network was trained for,
//               "border_padding" (optional, pixels at that resolution) mirrored around the image
//               before the network and cropped off its output (core/methods/BorderPadding),
//     "output": { "kind": "metric_depth" | "relative_depth" | "relative_inverse_depth" },
//     "architecture": { "network": name, "config": { hyper-parameters } },
//     "training": { "command", "seed", "steps", "wall_time_s", "hardware", "data", "date" },
//     "metrics": { evaluation results, free JSON },
//     "weights": { "file", "sha256" },
//     "notes": text }
// Unknown keys inside the nested objects are errors (a typo must not pass silently); unknown
// top-level keys are ignored, as the sidecar does.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/image/DepthKind.h"

namespace ds {

class ModelCard {
 public:
  struct Architecture {
    std::string network;        // the network's class, e.g. "BaseDepthNet"
    std::string config = "{}";  // JSON text of its configuration object
  };
  struct Training {
    std::string command;  // the exact command that produced the weights
    uint64_t seed = 0;
    int64_t steps = 0;
    double wallTimeS = 0.0;
    std::string hardware;  // e.g. "NVIDIA H100, LibTorch 2.4 CUDA 12.1"
    std::string data;      // what it was trained on
    std::string date;      // ISO 8601
  };
  struct Weights {
    std::string file;    // file name beside the card
    std::string sha256;  // 64 lower-case hex digits
  };

  std::filesystem::path cardPath;  // where it was read from or last written to
  std::string name;
  std::string license;
  int inputWidth = 0, inputHeight = 0;
  int borderPadding = 0;  // input.border_padding; written only when not 0
  DepthKind outputKind = DepthKind::RelativeInverseDepth;
  Architecture architecture;
  Training training;
  std::string metrics = "{}";  // JSON text of an object
  Weights weights;
  std::string notes;

  // Reads and validates a card; every problem is a ds::Error naming the file and the key.
  static ModelCard read(const std::filesystem::path& path);
  // Checks, then writes the card (indented JSON) atomically and sets cardPath.
  void write(const std::filesystem::path& path);
  // The card beside a weights file: "X.safetensors" -> "X.json".
  static std::filesystem::path pathFor(const std::filesystem::path& weightsPath);

  // Sets weights.file and weights.sha256 from a weights file (which must lie beside the card).
  void recordWeights(const std::filesystem::path& weightsPath);
  // The weights file the card describes: weights.file next to cardPath.
  std::filesystem::path weightsPath() const;
  // Hashes the weights file and compares it with weights.sha256; throws ds::Error naming both
  // files when it is missing or differs.
  void verifyWeights() const;

  // Range and format checks (also for cards built in code); throws ds::Error naming cardPath.
  void check() const;
};

}  // namespace ds
