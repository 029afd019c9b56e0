// The TorchScript backend, on demo networks that tools/export-torchscript.py exports at test time
// with Debian's python3-torch (skipped with a message when /usr/bin/python3 cannot import torch).
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/script.h>

#include <QtTest/QtTest>
#include <cmath>
#include <fstream>
#include <random>

#include "ModelTestFiles.h"
#include "core/models/InputFraming.h"
#include "core/models/ModelRegistry.h"
#include "core/models/TorchScriptModel.h"
#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace fs = std::filesystem;
using ds::DepthMap;
using ds::TorchScriptModel;

namespace {

const char* const kPython = "/usr/bin/python3";

ds::Image randomImage(int width, int height, int channels, unsigned seed) {
  ds::Image image(width, height, channels);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (float& v : image.pixels())
    v = u(rng);
  return image;
}

// The network's raw [H,W] output for an input tensor, straight through torch::jit.
at::Tensor runDirectly(const fs::path& pt, const std::vector<float>& data,
                       const std::vector<int64_t>& shape, const std::string& outputName = {}) {
  torch::jit::Module module = torch::jit::load(pt.string());
  module.eval();
  torch::NoGradGuard noGrad;
  std::vector<float> copy = data;
  const c10::IValue out = module.forward({torch::from_blob(copy.data(), shape).clone()});
  at::Tensor t = out.isTuple() ? out.toTupleRef().elements()[std::stoul(outputName)].toTensor()
                 : out.isGenericDict() ? out.toGenericDict().at(outputName).toTensor()
                                       : out.toTensor();
  return t.reshape({t.size(-2), t.size(-1)}).contiguous();
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 1e9;
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, double(std::abs(a[i] - b[i])));
  return worst;
}

// Exports a demo model as `var` (dir()/stem.pt); fails the test when the script wrote nothing.
#define DS_EXPORT_DEMO(var, stem, ...)                             \
  const fs::path var = exportDemo(stem, QStringList(__VA_ARGS__)); \
  QVERIFY2(fs::exists(var), "tools/export-torchscript.py wrote no model (its stderr is above)")

struct RecordingProgress : ds::ProgressSink {
  std::vector<ds::Progress> seen;
  void report(const ds::Progress& p) override { seen.push_back(p); }
};

}  // namespace

class tst_TorchScriptModel : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  fs::path base_;
  fs::path dir() const { return tmp_.path().toStdString(); }

  // Runs the export script with `--demo ... --out dir/stem.pt`; returns the .pt path.
  fs::path exportDemo(const std::string& stem, QStringList args) {
    const fs::path out = dir() / (stem + ".pt");
    QProcess python;
    args.prepend("--demo");
    args.prepend(QString(DS_SOURCE_DIR) + "/tools/export-torchscript.py");
    args << "--out" << QString::fromStdString(out.string());
    python.start(kPython, args);
    if (!python.waitForFinished(180000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0)
      qWarning("export-torchscript.py failed: %s", python.readAllStandardError().constData());
    return out;
  }
  // A copy of the plain 40x30 demo exported once in initTestCase, as dir()/stem.pt and its sidecar.
  fs::path copyOfBase(const std::string& stem) const {
    const fs::path pt = dir() / (stem + ".pt");
    fs::create_directories(pt.parent_path());
    fs::copy_file(base_, pt);
    nlohmann::json j = nlohmann::json::parse(ds::readFile(ds::ModelSidecar::pathFor(base_)));
    j["file"] = pt.filename().string();
    ds::writeFileAtomically(ds::ModelSidecar::pathFor(pt), j.dump(2));
    return pt;
  }
  static void editSidecar(const fs::path& pt, const std::function<void(nlohmann::json&)>& edit) {
    const fs::path json = ds::ModelSidecar::pathFor(pt);
    nlohmann::json j = nlohmann::json::parse(ds::readFile(json));
    edit(j);
    ds::writeFileAtomically(json, j.dump(2));
  }

 private Q_SLOTS:
  void initTestCase() {
    QProcess probe;
    probe.start(kPython, {"-c", "import torch"});
    if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit ||
        probe.exitCode() != 0)
      QSKIP(
          "/usr/bin/python3 cannot import torch (apt-get install python3-torch); these tests "
          "export their demo TorchScript models with tools/export-torchscript.py");
    base_ = exportDemo("base", {"--width", "40", "--height", "30"});
    QVERIFY2(fs::exists(base_), "tools/export-torchscript.py wrote no model (its stderr is above)");
    qputenv("XDG_DATA_HOME", QByteArray::fromStdString((dir() / "xdg").string()));
    qunsetenv("DEPTHSTUDIO_MODEL_PATH");
  }

  void loadsAndDescribesTheDemo() {
    DS_EXPORT_DEMO(pt, "described",
                   {"--width", "40", "--height", "30", "--kind", "metric_depth", "--name",
                    "Demo net", "--license", "MIT"});
    TorchScriptModel model(pt);
    const ds::ModelInfo& info = model.info();
    QVERIFY(info.outputKind == ds::DepthKind::MetricDepth);
    QCOMPARE(info.inputWidth, 40);
    QCOMPARE(info.inputHeight, 30);
    QCOMPARE(info.sha256, ds::Sha256::ofFile(pt));
    QCOMPARE(info.sha256, model.sidecar().sha256);  // the script records it; loading checks it
    QCOMPARE(info.format, std::string("torchscript"));
    QCOMPARE(info.id, std::string("described"));
    QCOMPARE(info.name, std::string("Demo net"));
    QCOMPARE(info.license, std::string("MIT"));
    QCOMPARE(info.path, pt.string());
    QVERIFY(model.device() == TorchScriptModel::Device::Cpu);
  }

  void predictEqualsTheModuleRunDirectly() {
    DS_EXPORT_DEMO(pt, "padded",
                   {"--width", "64", "--height", "48", "--resize", "keep_aspect_pad"});
    TorchScriptModel model(pt);
    const ds::Image image = randomImage(50, 70, 3, 7);  // portrait into a landscape frame
    RecordingProgress progress;
    ds::CancelToken cancel;
    const DepthMap depth = model.predict(image, progress, cancel);
    QCOMPARE(depth.width(), 50);
    QCOMPARE(depth.height(), 70);
    QVERIFY(depth.kind() == ds::DepthKind::RelativeInverseDepth);
    for (float v : depth.values())
      QVERIFY(std::isfinite(v) && v > 0.1f);  // softplus + 0.1
    QCOMPARE(depth.validCount(), depth.pixelCount());
    QCOMPARE(progress.seen.back().fraction, 1.0);
    QCOMPARE(progress.seen.back().stage, std::string("base"));

    const ds::InputFraming framing(model.sidecar().input, 50, 70);
    const std::vector<int> dims = framing.tensorShape();
    const at::Tensor raw =
        runDirectly(pt, framing.tensor(image), std::vector<int64_t>(dims.begin(), dims.end()));
    std::vector<float> expected;
    std::vector<uint8_t> covered;
    framing.mapBack(raw.data_ptr<float>(), int(raw.size(1)), int(raw.size(0)), expected, covered);
    QVERIFY2(maxDifference(depth.values(), expected) < 1e-5,
             qPrintable(QString::number(maxDifference(depth.values(), expected))));
    // The values vary over the image: a constant map would pass the comparison too easily.
    const auto [lo, hi] = std::minmax_element(expected.begin(), expected.end());
    QVERIFY(*hi - *lo > 1e-3);
  }

  void normalisationColourOrderAndOutputScaleReachTheNetwork() {
    DS_EXPORT_DEMO(
        pt, "normalised",
        {"--width", "32", "--height", "24", "--color", "BGR", "--mean", "0.4", "0.5", "0.6",
         "--std", "0.2", "0.25", "0.3", "--output-scale", "2", "--output-shift", "0.5"});
    TorchScriptModel model(pt);
    const ds::Image image = randomImage(32, 24, 3, 11);  // the frame's size: no resampling
    ds::NullProgress progress;
    ds::CancelToken cancel;
    const DepthMap depth = model.predict(image, progress, cancel);

    // Built by hand, not by InputFraming: BGR planes of (p - mean) / std (scale 1/255 of 8-bit).
    const double mean[3] = {0.4, 0.5, 0.6}, stdev[3] = {0.2, 0.25, 0.3};
    std::vector<float> input(3 * 24 * 32);
    for (int c = 0; c < 3; ++c)
      for (int i = 0; i < 24 * 32; ++i)
        input[size_t(c) * 768 + size_t(i)] =
            float((image.pixels()[size_t(i) * 3 + size_t(2 - c)] - mean[c]) / stdev[c]);
    const at::Tensor raw = runDirectly(pt, input, {1, 3, 24, 32});
    std::vector<float> expected(raw.data_ptr<float>(), raw.data_ptr<float>() + raw.numel());
    for (float& v : expected)
      v = v * 2.0f + 0.5f;
    QVERIFY2(maxDifference(depth.values(), expected) < 1e-4,
             qPrintable(QString::number(maxDifference(depth.values(), expected))));
  }

  void outputShapesTuplesAndDictsGiveTheSameMap() {
    const QStringList size{"--width", "40", "--height", "30"};
    const ds::Image image = randomImage(60, 45, 3, 3);
    ds::NullProgress progress;
    ds::CancelToken cancel;
    const fs::path nchw = copyOfBase("nchw");
    const DepthMap reference = TorchScriptModel(nchw).predict(image, progress, cancel);
    // Same seed, same weights: every output form must give the same depth.
    for (const char* form : {"nhw", "hw", "tuple", "dict"}) {
      DS_EXPORT_DEMO(pt, std::string("form_") + form, size + QStringList{"--demo-output", form});
      const DepthMap depth = TorchScriptModel(pt).predict(image, progress, cancel);
      QVERIFY2(maxDifference(depth.values(), reference.values()) < 1e-6, form);
    }
  }

  void outputSelectionProblemsAreExplained() {
    const QStringList size{"--width", "40", "--height", "30"};
    DS_EXPORT_DEMO(tuple, "tuple", size + QStringList{"--demo-output", "tuple"});
    editSidecar(tuple, [](nlohmann::json& j) { j["output"].erase("name"); });
    // Without output.name the first element (8 feature channels) is taken, and refused.
    DS_EXPECT_ERROR(TorchScriptModel(tuple), tuple.string(), "came out as [1,8,30,40]",
                    "the first element of the Tuple the model returns",
                    "not a single-channel depth map", "[1,3,30,40]");
    editSidecar(tuple, [](nlohmann::json& j) { j["output"]["name"] = "5"; });
    DS_EXPECT_ERROR(TorchScriptModel(tuple), tuple.string(), "Tuple of 2 elements",
                    "output.name '5'");
    DS_EXPORT_DEMO(dict, "dict", size + QStringList{"--demo-output", "dict"});
    editSidecar(dict, [](nlohmann::json& j) { j["output"]["name"] = "disparity"; });
    DS_EXPECT_ERROR(TorchScriptModel(dict), dict.string(), "output.name 'disparity'",
                    "its keys: features, depth");
    const fs::path single = copyOfBase("single");
    editSidecar(single, [](nlohmann::json& j) { j["output"]["name"] = "depth"; });
    DS_EXPECT_ERROR(TorchScriptModel(single), single.string(), "returns a single tensor");
  }

  void threeChannelOutputIsRefused() {
    DS_EXPORT_DEMO(pt, "rgb_out",
                   {"--width", "40", "--height", "30", "--demo-output", "three_channel"});
    DS_EXPECT_ERROR(TorchScriptModel(pt), pt.string(), "came out as [1,3,30,40]",
                    "not a single-channel depth map");
  }

  void inputSizeTheModelRejectsIsExplained() {
    DS_EXPORT_DEMO(pt, "rigid", {"--width", "40", "--height", "30", "--demo-rigid"});
    QCOMPARE(TorchScriptModel(pt).info().inputWidth, 40);  // its own size loads
    editSidecar(pt, [](nlohmann::json& j) { j["input"]["width"] = 48; });
    DS_EXPECT_ERROR(TorchScriptModel(pt), pt.string(), "does not run on the input [1,3,30,48]",
                    "48x30 from the sidecar", "rigid.json", "invalid for input of size");
  }

  void foreignAndTruncatedFilesAreRefused() {
    const fs::path good = copyOfBase("good");
    const std::string bytes = ds::readFile(good);
    auto variant = [&](const std::string& stem, const std::string& content) {
      const fs::path pt = dir() / (stem + ".pt");
      std::ofstream(pt, std::ios::binary) << content;  // may be empty, which writeFile* refuses
      nlohmann::json j = nlohmann::json::parse(ds::readFile(ds::ModelSidecar::pathFor(good)));
      j.erase("sha256");
      j["file"] = stem + ".pt";
      ds::writeFileAtomically(ds::ModelSidecar::pathFor(pt), j.dump());
      return pt;
    };
    const fs::path text = variant("text", "this is a text file, not a network\n");
    DS_EXPECT_ERROR(TorchScriptModel(text), text.string(), "not a TorchScript archive");
    const fs::path empty = variant("empty", "");
    DS_EXPECT_ERROR(TorchScriptModel(empty), empty.string(), "not a TorchScript archive");
    const fs::path half = variant("half", bytes.substr(0, bytes.size() / 2));
    DS_EXPECT_ERROR(TorchScriptModel(half), half.string(), "truncated or damaged");

    // Weights saved with torch.save are a zip archive too, but hold no code.
    const fs::path weights = variant("weights", "");
    QProcess python;
    python.start(kPython, {"-c", QString("import torch; torch.save({'w': torch.zeros(3)}, '%1')")
                                     .arg(QString::fromStdString(weights.string()))});
    QVERIFY(python.waitForFinished(60000) && python.exitCode() == 0);
    DS_EXPECT_ERROR(TorchScriptModel(weights), weights.string(), "without TorchScript code",
                    "torch.save", "export-torchscript.py");
  }

  void sidecarAndOptionProblemsAreNamed() {
    const fs::path pt = copyOfBase("checked");
    const std::string right = ds::Sha256::ofFile(pt);
    const std::string wrong(64, 'a');
    editSidecar(pt, [&](nlohmann::json& j) { j["sha256"] = wrong; });
    DS_EXPECT_ERROR(TorchScriptModel(pt), pt.string(), wrong, right, "checked.json");
    editSidecar(pt, [&](nlohmann::json& j) { j["sha256"] = right; });

    DS_EXPECT_ERROR(TorchScriptModel(dir() / "absent.pt"), "absent.pt", "model file not found");
    editSidecar(pt, [](nlohmann::json& j) {
      j["format"] = "onnx";
      j["input"]["name"] = "x";
      j["output"]["name"] = "y";
    });
    DS_EXPECT_ERROR(TorchScriptModel(pt), "checked.json", "format 'onnx' is not torchscript");
    editSidecar(pt, [](nlohmann::json& j) {
      j["format"] = "torchscript";
      j["input"]["name"] = "ignored: forward() takes one positional tensor";
      j["output"].erase("name");
    });
    QCOMPARE(TorchScriptModel(pt).info().sha256, right);

    ds::ModelOptions options;
    options.threads = -1;
    DS_EXPECT_ERROR(TorchScriptModel(pt, options), "threads");
    options.threads = 1;
    TorchScriptModel oneThread(pt, options);
    QCOMPARE(at::get_num_threads(), 1);
    ds::NullProgress progress;
    ds::CancelToken cancel;
    QCOMPARE(oneThread.predict(randomImage(20, 10, 3, 1), progress, cancel).width(), 20);
  }

  void devicesAreChosenAsAsked() {
    QVERIFY(TorchScriptModel::parseDevice("cpu") == TorchScriptModel::Device::Cpu);
    QVERIFY(TorchScriptModel::parseDevice("cuda") == TorchScriptModel::Device::Cuda);
    QVERIFY(TorchScriptModel::parseDevice("auto") == TorchScriptModel::Device::Auto);
    DS_EXPECT_ERROR(TorchScriptModel::parseDevice("gpu"), "device 'gpu'", "cpu, cuda, auto");

    const fs::path pt = copyOfBase("device");
    const TorchScriptModel automatic(pt, {}, TorchScriptModel::Device::Auto);
    if (!torch::cuda::is_available()) {
      QVERIFY(automatic.device() == TorchScriptModel::Device::Cpu);
      DS_EXPECT_ERROR(TorchScriptModel(pt, {}, TorchScriptModel::Device::Cuda), pt.string(),
                      "CUDA was asked for");
      return;
    }
    QVERIFY(automatic.device() == TorchScriptModel::Device::Cuda);
    TorchScriptModel cpu(pt), gpu(pt, {}, TorchScriptModel::Device::Cuda);
    ds::NullProgress progress;
    ds::CancelToken cancel;
    const ds::Image image = randomImage(50, 40, 3, 5);
    QVERIFY(maxDifference(cpu.predict(image, progress, cancel).values(),
                          gpu.predict(image, progress, cancel).values()) < 1e-3);
  }

  void greyRgbaCancelAndEmptyInput() {
    const fs::path pt = copyOfBase("inputs");
    TorchScriptModel model(pt);
    ds::NullProgress progress;
    ds::CancelToken cancel;
    const ds::Image rgb = randomImage(30, 20, 3, 9);
    ds::Image rgba(30, 20, 4);
    for (size_t i = 0; i < rgb.pixelCount(); ++i) {
      for (int c = 0; c < 3; ++c)
        rgba.pixels()[4 * i + c] = rgb.pixels()[3 * i + c];
      rgba.pixels()[4 * i + 3] = 0.5f;
    }
    QCOMPARE(model.predict(rgba, progress, cancel).values(),
             model.predict(rgb, progress, cancel).values());
    QCOMPARE(model.predict(randomImage(30, 20, 1, 2), progress, cancel).height(), 20);
    cancel.cancel();
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled, model.predict(rgb, progress, cancel));
    cancel.reset();
    DS_EXPECT_ERROR(model.predict(ds::Image(), progress, cancel), "empty image");
  }

  void registryOpensItOnceRegistered() {
    const fs::path folder = dir() / "search";
    fs::create_directories(folder);
    const fs::path pt = copyOfBase("search/registered");
    ds::ModelRegistry registry;
    DS_EXPECT_ERROR(registry.open(pt.string()), "registered.json",
                    "no backend for format 'torchscript'");
    ds::registerTorchScriptBackend(registry);
    const auto formats = registry.formats();
    QVERIFY(std::find(formats.begin(), formats.end(), "torchscript") != formats.end());

    const auto byPath = registry.open(pt.string());
    QCOMPARE(byPath->info().format, std::string("torchscript"));
    QCOMPARE(byPath->info().path, pt.string());
    const auto byJson = registry.open(ds::ModelSidecar::pathFor(pt).string());
    QCOMPARE(byJson->info().sha256, ds::Sha256::ofFile(pt));

    qputenv("DEPTHSTUDIO_MODEL_PATH", QByteArray::fromStdString(folder.string()));
    const auto byName = registry.open("registered");
    QCOMPARE(byName->info().id, std::string("registered"));
    ds::NullProgress progress;
    ds::CancelToken cancel;
    QCOMPARE(byName->predict(randomImage(25, 15, 3, 4), progress, cancel).width(), 25);
    const auto listed = registry.available();
    QCOMPARE(listed.size(), size_t(1));
    QCOMPARE(listed[0].format, std::string("torchscript"));
    qunsetenv("DEPTHSTUDIO_MODEL_PATH");
  }
};

QTEST_GUILESS_MAIN(tst_TorchScriptModel)
#include "tst_TorchScriptModel.moc"
