#include <QtTest/QtTest>
#include <cmath>

#include "ModelTestFiles.h"
#include "core/models/ModelSidecar.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using ds::ModelSidecar;

namespace {

const char* const kMinimal = R"({"format": "onnx", "name": "tiny",
  "input": {"name": "img", "width": 64, "height": 32},
  "output": {"name": "depth", "kind": "metric_depth"}})";

// The minimal sidecar with `path` (like "input.width") set to `value` (JSON text), or removed
// when value is empty.
std::string edited(const std::string& path, const std::string& value) {
  nlohmann::json j = nlohmann::json::parse(kMinimal);
  nlohmann::json* parent = &j;
  std::string key = path;
  if (const size_t dot = path.find('.'); dot != std::string::npos) {
    parent = &j[path.substr(0, dot)];
    key = path.substr(dot + 1);
  }
  if (value.empty())
    parent->erase(key);
  else
    (*parent)[key] = nlohmann::json::parse(value);
  return j.dump();
}

}  // namespace

class tst_ModelSidecar : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsTheShippedSidecar() {
    DS_REQUIRE_FILE(ds::test::pydnetSidecar());
    const ModelSidecar s = ModelSidecar::load(ds::test::pydnetSidecar());
    QCOMPARE(s.format, std::string("onnx"));
    QCOMPARE(s.input.name, std::string("im0_nchw_rgb01"));
    QCOMPARE(s.input.width, 640);
    QCOMPARE(s.input.height, 448);
    QVERIFY(s.input.layout == ModelSidecar::Layout::NCHW);
    QVERIFY(s.input.color == ModelSidecar::Color::RGB);
    QVERIFY(std::abs(s.input.scale - 1.0 / 255.0) < 1e-12);
    QVERIFY(s.input.resize == ModelSidecar::Resize::Stretch);
    QCOMPARE(s.output.name, std::string("pred_half"));
    QVERIFY(s.output.kind == ds::DepthKind::RelativeDepth);
    QVERIFY(ds::test::contains(s.license, "Apache-2.0"));
    QVERIFY(s.sha256.empty());
    QCOMPARE(s.modelPath, ds::test::pydnetOnnx());  // X.json describes X.onnx beside it
  }

  void defaultsAndExtensions() {
    const ModelSidecar s = ModelSidecar::parse(kMinimal, "/models/tiny.json");
    QCOMPARE(s.modelPath, fs::path("/models/tiny.onnx"));
    QVERIFY(s.input.resize == ModelSidecar::Resize::Stretch);
    QCOMPARE(s.input.mean[1], 0.0);
    QCOMPARE(s.input.std[2], 1.0);
    QCOMPARE(s.output.scale, 1.0);

    const ModelSidecar named =
        ModelSidecar::parse(edited("file", "\"weights/net.onnx\"").c_str(), "/models/tiny.json");
    QCOMPARE(named.modelPath, fs::path("/models/weights/net.onnx"));
    // TorchScript takes positional tensors: no input/output names needed; the file is X.pt.
    const ModelSidecar ts = ModelSidecar::parse(
        R"({"format": "torchscript", "name": "t", "input": {"width": 8, "height": 8},
            "output": {"kind": "relative_inverse_depth", "scale": 0.5, "shift": 1}})",
        "/m/t.json");
    QCOMPARE(ts.modelPath, fs::path("/m/t.pt"));
    QCOMPARE(ts.output.scale, 0.5);
    QCOMPARE(ts.output.shift, 1.0);
    const ModelSidecar upper =
        ModelSidecar::parse(edited("sha256", "\"" + std::string(64, 'A') + "\""), "/m/t.json");
    QCOMPARE(upper.sha256, std::string(64, 'a'));
  }

  void rejectsBadSidecars_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* tag, const std::string& text, const char* expected) {
      QTest::newRow(tag) << QString::fromStdString(text) << QString(expected);
    };
    row("not json", "{\"format\": ", "not valid JSON");
    row("array", "[1, 2]", "must be a JSON object");
    row("no format", edited("format", ""), "missing key format");
    row("format", edited("format", "\"tflite\""),
        "format 'tflite' is not one of onnx, torchscript, builtin");
    row("no name", edited("name", ""), "missing key name");
    row("no input", edited("input", ""), "missing key input");
    row("input type", edited("input", "3"), "input must be a JSON object");
    row("no input name", edited("input.name", ""), "missing key input.name");
    row("input name type", edited("input.name", "7"), "input.name must be a string");
    row("no width", edited("input.width", ""), "missing key input.width");
    row("negative width", edited("input.width", "-3"), "input.width must be a positive integer");
    row("string height", edited("input.height", "\"448\""),
        "input.height must be a positive integer");
    row("fractional width", edited("input.width", "64.5"),
        "input.width must be a positive integer");
    row("layout", edited("input.layout", "\"CHW\""), "input.layout 'CHW' is not one of NCHW, NHWC");
    row("color", edited("input.color", "\"YUV\""), "input.color 'YUV' is not one of RGB, BGR");
    row("resize", edited("input.resize", "\"fill\""),
        "input.resize 'fill' is not one of stretch, keep_aspect_pad, keep_aspect_crop");
    row("scale", edited("input.scale", "0"), "input.scale must be a positive number");
    row("scale type", edited("input.scale", "\"1/255\""), "input.scale must be a number");
    row("mean length", edited("input.mean", "[0.5, 0.5]"), "input.mean must be an array of 3");
    row("std zero", edited("input.std", "[1, 0, 1]"), "input.std must be 3 non-zero numbers");
    row("unknown input key", edited("input.resize_mode", "\"stretch\""),
        "unknown key input.resize_mode");
    row("border padding off builtin", edited("input.border_padding", "8"),
        "input.border_padding applies only to built-in models");
    row("no output", edited("output", ""), "missing key output");
    row("no output name", edited("output.name", ""), "missing key output.name");
    row("no kind", edited("output.kind", ""), "missing key output.kind");
    row("kind", edited("output.kind", "\"disparity\""),
        "output.kind 'disparity' is not one of metric_depth, relative_depth, "
        "relative_inverse_depth");
    row("output scale", edited("output.scale", "-1"), "output.scale must be a positive number");
    row("unknown output key", edited("output.units", "\"mm\""), "unknown key output.units");
    row("sha256", edited("sha256", "\"abc\""), "sha256 must be 64 hexadecimal digits");
    row("license type", edited("license", "[]"), "license must be a string");
  }
  void rejectsBadSidecars() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    DS_EXPECT_ERROR(ModelSidecar::parse(text.toStdString(), "/models/broken_model.json"),
                    "/models/broken_model.json", expected.toStdString());
  }

  void missingFilesAreNamed() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    DS_EXPECT_ERROR(ModelSidecar::load(root / "absent.json"), "absent.json", "sidecar not found");
    DS_EXPECT_ERROR(ModelSidecar::forModel(root / "absent.onnx"), "absent.onnx",
                    "model file not found");
    ds::writeFileAtomically(root / "lonely.onnx", "x");
    DS_EXPECT_ERROR(ModelSidecar::forModel(root / "lonely.onnx"),
                    "no sidecar 'lonely.json' next to", (root / "lonely.onnx").string(),
                    "README 'Importing a model'");
    QCOMPARE(ModelSidecar::pathFor("/a/b/X.onnx"), fs::path("/a/b/X.json"));
  }

  void checkCatchesSidecarsBuiltInCode() {
    ModelSidecar s = ModelSidecar::parse(kMinimal, "/m/tiny.json");
    s.check();
    s.input.height = 0;
    DS_EXPECT_ERROR(s.check(), "tiny.json", "input.height must be a positive integer");
  }
};

QTEST_GUILESS_MAIN(tst_ModelSidecar)
#include "tst_ModelSidecar.moc"
