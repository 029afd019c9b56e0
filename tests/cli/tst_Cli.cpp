// Runs depthstudio-cli as a user would and checks exit codes, messages and the files it leaves.
#include <QtTest/QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/BuiltinTestModels.h"
#include "common/SyntheticPair.h"
#include "common/TestPaths.h"
#include "core/geometry/GeometryReader.h"
#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/util/AtomicWrite.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  QString out, err;
};

Run cli(const QStringList& args) {
  QProcess p;
  p.start(DS_CLI_PATH, args);
  p.waitForFinished(120000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
          QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

QString q(const fs::path& p) {
  return QString::fromStdString(p.string());
}

size_t entries(const fs::path& dir) {
  return fs::exists(dir)
             ? size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()))
             : 0;
}

// A one-frame RGB-D dataset (64x48, ground truth 1..4.1 m); returns the ground truth.
std::vector<float> writeOneFrameDataset(const fs::path& root) {
  const fs::path frame = root / "f1";
  fs::create_directories(frame);
  const int w = 64, h = 48;
  std::vector<float> gt(size_t(w * h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      gt[size_t(y * w + x)] = 1.0f + 0.05f * float(y) + 0.01f * float(x);
    }
  writeImage(frame / "rgb.png", Image(w, h, 3));
  writeDepth(frame / "depth.png", DepthMap(w, h, DepthKind::MetricDepth, gt),
             DepthWriteOptions{1000.0});
  writeFileAtomically(frame / "intrinsics.json",
                      R"({"fx": 60, "fy": 60, "cx": 31.5, "cy": 23.5, "width": 64, "height": 48,
                      "depth_scale": 1000, "split": "indoor", "valid_range_m": [0.1, 10],
                      "crop": ""})");
  return gt;
}

}  // namespace

class tst_Cli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  fs::path dir_, left_, right_;

 private Q_SLOTS:
  void initTestCase() {
    dir_ = tmp_.path().toStdString();
    auto [l, r] = test::planePair(160, 120, 10.0);
    left_ = dir_ / "left.png";
    right_ = dir_ / "right.png";
    writeImage(left_, l);
    writeImage(right_, r);
  }

  void diffusionEstimateWritesStagesAndSteps() {
    // Untrained tiny models stand in for the built-in weights: the command's files and records.
    const fs::path models = dir_ / "models";
    fs::create_directories(models);
    test::writeBuiltinTestModels(models);
    qputenv("DEPTHSTUDIO_MODEL_PATH", QByteArray::fromStdString(models.string()));
    const fs::path out = dir_ / "diffusion";
    const Run r = cli({"estimate", q(left_), "--restore", "--refine", "--steps", "3",
                       "--refine-steps", "2", "--ensemble", "2", "--size", "64", "--device", "cpu",
                       "--save-steps", "--out", q(out), "--quiet"});
    qunsetenv("DEPTHSTUDIO_MODEL_PATH");
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    QVERIFY(r.out.contains("restored") && r.out.contains("refined"));
    QVERIFY2(r.out.contains("untrained"), qPrintable(r.out));
    for (const char* f : {"base.npy", "restored.npy", "refined.npy", "restored_steps/step_03.npy",
                          "refined_steps/step_02.npy", "refined_uncertainty.npy", "result.json"})
      QVERIFY2(fs::exists(out / f), f);
    QVERIFY(!fs::exists(out / "refined_steps/step_03.npy"));
    const DepthMap refined =
        readDepth(out / "refined.npy", {1000.0, DepthKind::RelativeInverseDepth});
    QCOMPARE(refined.width(), 160);
    std::ifstream f(out / "result.json");
    const auto j = nlohmann::json::parse(f);
    QCOMPARE(j["options"]["restore"]["steps"].get<int>(), 3);
    QCOMPARE(j["options"]["refine"]["steps"].get<int>(), 2);
    QCOMPARE(j["stages"][1]["name"].get<std::string>(), std::string("restored"));
    // Bad diffusion options are usage errors naming the flag.
    const Run bad = cli({"estimate", q(left_), "--steps", "0", "--out", q(out)});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("steps"), qPrintable(bad.err));
    const Run stage = cli({"estimate", q(left_), "--refine-steps", "0", "--out", q(out)});
    QCOMPARE(stage.code, 2);
    QVERIFY2(stage.err.contains("--refine-steps"), qPrintable(stage.err));
    const Run seed = cli({"estimate", q(left_), "--seed", "-3", "--out", q(out)});
    QCOMPARE(seed.code, 2);
  }

  void unknownProceduralWorldIsAUsageError() {
    const Run bad =
        cli({"synth", "--out", q(fs::temp_directory_path() / "ds-world"), "--world", "3"});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("world must be 1 or 2, got 3"), qPrintable(bad.err));
  }

  // Refused before anything is rendered or trained, with the reason.
  void badContextHeadsAreAUsageError() {
    const QString out = q(fs::temp_directory_path() / "ds-heads.safetensors");
    const QString cache = q(fs::temp_directory_path() / "ds-heads-cache");
    Run bad = cli(
        {"train", "--model", "depthgen", "--context-heads", "4", "--out", out, "--cache", cache});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("--context-heads is for --model base only"), qPrintable(bad.err));
    bad = cli({"train", "--model", "base", "--context-heads", "7", "--out", out, "--cache", cache});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("contextHeads must be 0 or divide channels[3] (160), got 7"),
             qPrintable(bad.err));
    QVERIFY(!fs::exists(fs::temp_directory_path() / "ds-heads-cache"));
  }

  void versionAndUsage() {
    const Run v = cli({"--version"});
    QCOMPARE(v.code, 0);
    QVERIFY(v.out.startsWith("depthstudio-cli "));
    QCOMPARE(cli({}).code, 2);
    const Run unknown = cli({"frobnicate"});
    QCOMPARE(unknown.code, 2);
    QVERIFY(unknown.err.contains("unknown command 'frobnicate'"));
    const Run badOption = cli({"estimate", q(left_), "--out", q(dir_ / "x"), "--colour-map", "x"});
    QCOMPARE(badOption.code, 2);
    QVERIFY(badOption.err.contains("--colour-map"));
    const Run help = cli({"estimate", "--help"});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains("--right IMAGE"));
  }

  void stereoEstimateWritesResultAndGeometry() {
    const fs::path out = dir_ / "est";
    const Run r = cli({"estimate", q(left_), "--right", q(right_), "--fx", "200", "--baseline",
                       "0.1", "--out", q(out), "--points", q(out / "points.ply"), "--mesh",
                       q(out / "mesh.glb"), "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto json = nlohmann::json::parse(readFile(out / "result.json"));
    QCOMPARE(json["stages"][0]["name"].get<std::string>(), std::string("base"));
    QCOMPARE(json["stages"][0]["kind"].get<std::string>(), std::string("metric_depth"));
    // Z = f B / d = 200 * 0.1 / 10 = 2 m
    const DepthMap depth = readDepth(out / "base.npy");
    QVERIFY2(std::abs(depth.validQuantile(0.5) - 2.0) < 0.05,
             qPrintable(QString::number(depth.validQuantile(0.5))));
    QVERIFY(readPointCloud(out / "points.ply").positions.size() == depth.validCount());
    QVERIFY(readMesh(out / "mesh.glb").triangles.size() > 1000);
    QVERIFY(fs::exists(out / "base.png") && fs::exists(out / "normals.png"));

    // export converts the saved result
    const Run e = cli({"export", q(out), "--mesh", q(dir_ / "mesh.obj"), "--depth",
                       q(dir_ / "depth.pfm"), "--image", q(dir_ / "depth_legend.png"), "--quiet"});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    QCOMPARE(readMesh(dir_ / "mesh.obj").triangles.size(),
             readMesh(out / "mesh.glb").triangles.size());
    const DepthMap pfm = readDepth(dir_ / "depth.pfm");
    QVERIFY(pfm.validMask() == depth.validMask());
    QVERIFY(readImage(dir_ / "depth_legend.png").width() > depth.width());  // map + legend
  }

  void missingAndBrokenInputsAreNamed() {
    const fs::path out = dir_ / "bad";
    Run r = cli({"estimate", q(dir_ / "nope.jpg"), "--right", q(right_), "--out", q(out)});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("nope.jpg") && r.err.contains("not found"), qPrintable(r.err));
    QCOMPARE(entries(out), size_t(0));

    std::ofstream(dir_ / "notes.png") << "this is not an image";
    r = cli({"estimate", q(dir_ / "notes.png"), "--right", q(right_), "--out", q(out)});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("notes.png"), qPrintable(r.err));

    writeImage(dir_ / "small.png", Image(80, 60, 3));
    r = cli({"estimate", q(left_), "--right", q(dir_ / "small.png"), "--out", q(out)});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("differ in size"), qPrintable(r.err));

    r = cli({"estimate", q(left_), "--model", "no-such-model", "--out", q(out)});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("no-such-model"), qPrintable(r.err));
    QCOMPARE(entries(out), size_t(0));  // nothing half-written
  }

  void unwritableGeometryPathFailsBeforeTheRun() {
    const fs::path out = dir_ / "early";
    const Run r = cli({"estimate", q(left_), "--right", q(right_), "--out", q(out), "--mesh",
                       q(dir_ / "no-such-folder" / "mesh.glb")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("no-such-folder"), qPrintable(r.err));
    QVERIFY(!fs::exists(out / "result.json"));
  }

  void modelWithWrongInputShapeIsRefused() {
    const fs::path onnx = test::sharedData() / "models/pydnetpp/pydnetpp_fp32_opencv.onnx";
    DS_REQUIRE_DATA(onnx);
    auto sidecar =
        nlohmann::json::parse(readFile(onnx.parent_path() / "pydnetpp_fp32_opencv.json"));
    sidecar["input"]["width"] = 320;
    sidecar["file"] = onnx.string();
    writeFileAtomically(dir_ / "wrong.json", sidecar.dump());
    const Run r = cli(
        {"estimate", q(left_), "--model", q(dir_ / "wrong.json"), "--out", q(dir_ / "wrong-out")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("wrong.json") || r.err.contains("pydnetpp_fp32_opencv.onnx"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("640") && r.err.contains("320"), qPrintable(r.err));
  }

  void evalScoresSavedPredictions() {
    // A one-frame dataset whose prediction is an affine copy of the ground truth in inverse depth.
    const fs::path root = dir_ / "dataset", pred = dir_ / "pred";
    fs::create_directories(pred);
    const int w = 64, h = 48;
    const std::vector<float> gt = writeOneFrameDataset(root);
    std::vector<float> inv(gt.size());
    for (size_t i = 0; i < gt.size(); ++i)
      inv[i] = 3.0f / gt[i] + 0.5f;
    writeDepth(pred / "f1.npy", DepthMap(w, h, DepthKind::RelativeInverseDepth, inv));
    const Run r = cli({"eval", "--data", q(root), "--pred", q(pred), "--pred-kind",
                       "relative_inverse_depth", "--json", q(dir_ / "eval.json"), "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("f1"));
    const auto json = nlohmann::json::parse(readFile(dir_ / "eval.json"));
    const double absRel = json["report"]["overall"]["metrics"]["abs_rel"].get<double>();
    QVERIFY2(absRel < 1e-3, qPrintable(QString::number(absRel)));

    const Run missing = cli({"eval", "--data", q(root), "--pred", q(dir_ / "empty-pred")});
    QCOMPARE(missing.code, 1);
    QVERIFY2(missing.err.contains("f1"), qPrintable(missing.err));
  }

  void evalRecordsScoresAndSettingsInACard() {
    // Untrained tiny models: what matters is what lands in the card, not the score.
    const fs::path models = dir_ / "card-models", root = dir_ / "card-dataset";
    fs::create_directories(models);
    test::writeBuiltinTestModels(models);
    writeOneFrameDataset(root);
    const fs::path card = models / "builtin-refiner.json";
    qputenv("DEPTHSTUDIO_MODEL_PATH", QByteArray::fromStdString(models.string()));
    // No --steps: each stage samples with its own default step count.
    const Run r = cli({"eval", "--data", q(root), "--restore", "--refine", "--size", "64",
                       "--device", "cpu", "--json", q(dir_ / "card-eval.json"), "--card", q(card),
                       "--card-key", "synthetic", "--quiet"});
    qunsetenv("DEPTHSTUDIO_MODEL_PATH");
    QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    const auto metrics = nlohmann::json::parse(readFile(card))["metrics"]["synthetic"];
    QCOMPARE(metrics["refined"]["indoor"]["frames"].get<int>(), 1);
    QVERIFY(std::isfinite(metrics["refined"]["all"]["abs_rel"].get<double>()));
    QVERIFY(metrics.contains("base") && metrics.contains("restored"));
    const auto with = metrics["evaluated_with"];
    QCOMPARE(with["working_size"].get<int>(), 64);
    QCOMPARE(with["restore"]["steps"].get<int>(), 10);
    QCOMPARE(with["refine"]["steps"].get<int>(), 1);
    QCOMPARE(with["restore"]["ensemble"].get<int>(), 1);
    QCOMPARE(with["alignment"].get<std::string>(), std::string("auto"));
    QVERIFY(!with.contains("depthgen"));
  }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_Cli.moc"
