#pragma once
// The JSON file beside an imported model ("X.json" next to "X.onnx") that says how to feed it and
// what its output means. Format (keys marked * are required):
//   { "format"*: "onnx" | "torchscript" | "builtin",   "name"*: display name,
//     "file": model file relative to the sidecar (default: the sidecar's stem + .onnx / .pt /
//             .safetensors by format),
//     "license": text, "sha256": 64 hex digits of the model file (verified on load when present),
//     "input"*:  { "name" (* for onnx), "width"*, "height"*: the network's input frame in pixels,
//                  "layout": "NCHW" | "NHWC" (NCHW), "color": "RGB" | "BGR" (RGB),
//                  "scale": factor on 8-bit pixel values 0..255 (1/255),
//                  "mean", "std": 3 numbers each, applied after scale: (v*scale - mean) / std
//                  (0 0 0 / 1 1 1),
//                  "resize": "stretch" | "keep_aspect_pad" | "keep_aspect_crop" (stretch) },
//     "output"*: { "name" (* for onnx), "kind"*: "metric_depth" | "relative_depth" |
//                  "relative_inverse_depth", "scale", "shift": value = raw*scale + shift (1, 0;
//                  e.g. 0.001 for a network that outputs millimetres) } }
// Unknown keys inside "input" and "output" are errors (a misspelt "resize" would otherwise
// silently stretch); unknown top-level keys are kept for model cards and ignored here.
#include <array>
#include <filesystem>
#include <string>

#include "core/image/DepthKind.h"

namespace ds {

class ModelSidecar {
 public:
  enum class Layout { NCHW, NHWC };
  enum class Color { RGB, BGR };
  // stretch: resize to the frame ignoring aspect; keep_aspect_pad: fit inside and pad (black), the
  // output is cropped back before resizing; keep_aspect_crop: cover the frame and centre-crop, the
  // image's cut-off borders come back invalid.
  enum class Resize { Stretch, KeepAspectPad, KeepAspectCrop };

  struct Input {
    std::string name;
    int width = 0, height = 0;
    Layout layout = Layout::NCHW;
    Color color = Color::RGB;
    double scale = 1.0 / 255.0;
    std::array<double, 3> mean{0.0, 0.0, 0.0};
    std::array<double, 3> std{1.0, 1.0, 1.0};
    Resize resize = Resize::Stretch;
  };
  struct Output {
    std::string name;
    DepthKind kind = DepthKind::RelativeDepth;
    double scale = 1.0, shift = 0.0;
  };

  std::filesystem::path sidecarPath;  // where it was read from (named in every error)
  std::filesystem::path modelPath;    // the model file it describes
  std::string format;
  std::string name;
  std::string license;
  std::string sha256;  // lower-case hex, empty when not declared
  Input input;
  Output output;

  // Reads and validates a sidecar; every problem is a ds::Error naming the file and the key.
  static ModelSidecar load(const std::filesystem::path& jsonPath);
  static ModelSidecar parse(const std::string& jsonText, const std::filesystem::path& jsonPath);
  // The sidecar of a model file: "X.onnx" -> "X.json".
  static std::filesystem::path pathFor(const std::filesystem::path& modelPath);
  // Loads the sidecar of an existing model file and points it at that file; errors when the model
  // or its sidecar is missing.
  static ModelSidecar forModel(const std::filesystem::path& modelPath);

  // Range checks (also for sidecars built in code); throws ds::Error naming sidecarPath and key.
  void check() const;

  static const char* toString(Layout layout);
  static const char* toString(Color color);
  static const char* toString(Resize resize);
};

}  // namespace ds
