// The pipeline's diffusion stages end to end, with tiny untrained built-in models written to a
// temporary model folder: stages, kinds, sizes, trajectories, uncertainty, result files, cancel,
// and refinement plug-and-play on other bases (stereo, the real ONNX model).
#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/BuiltinTestModels.h"
#include "common/SyntheticPair.h"
#include "common/TestErrors.h"
#include "common/TestPaths.h"
#include "core/models/BuiltinBaseModel.h"
#include "core/pipeline/Pipeline.h"
#include "core/pipeline/ResultFolder.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

struct StepCounter final : ProgressSink {
  std::map<std::string, int> lastStep;
  CancelToken* cancelAt = nullptr;
  std::string cancelStage;
  int cancelStep = 0;
  double lastFraction = 0.0;
  bool monotonic = true;
  void report(const Progress& p) override {
    if (p.step > 0) lastStep[p.stage] = p.step;
    monotonic = monotonic && p.fraction >= lastFraction - 1e-9;
    lastFraction = p.fraction;
    if (cancelAt && p.stage == cancelStage && p.step == cancelStep) cancelAt->cancel();
  }
};

PipelineOptions diffusionOptions(int steps, int ensemble = 1) {
  PipelineOptions o;
  o.restore.enabled = o.refine.enabled = true;
  o.restore.sampling.steps = o.refine.sampling.steps = o.depthgen.sampling.steps = steps;
  o.restore.sampling.ensemble = o.refine.sampling.ensemble = ensemble;
  o.depthgen.sampling.ensemble = ensemble;
  o.workingSize = 64;
  o.modelOptions.device = "cpu";
  return o;
}

}  // namespace

class tst_DiffusionPipeline : public QObject {
  Q_OBJECT
  QTemporaryDir models_;
  ModelRegistry registry_;

 private Q_SLOTS:
  void initTestCase() {
    test::writeBuiltinTestModels(models_.path().toStdString());
    registry_.addSearchFolder(models_.path().toStdString());
    registerTorchBackends(registry_);
  }

  void oneImageGivesBaseRestoredRefined() {
    Pipeline pipeline(registry_);
    PipelineInput in;
    in.image = test::texturedImage(120, 90, 3);
    StepCounter progress;
    const auto r = pipeline.run(in, diffusionOptions(4), progress, CancelToken());
    QCOMPARE(r->stages.size(), size_t(3));
    QCOMPARE(r->stages[0].name, std::string("base"));
    QCOMPARE(r->stages[0].source, std::string("builtin-base"));  // the default without --model
    QCOMPARE(r->stages[1].name, std::string("restored"));
    QCOMPARE(r->stages[2].name, std::string("refined"));
    QCOMPARE(r->stages[2].conditionedOn, std::string("restored"));
    for (const auto& s : r->stages) {
      QCOMPARE(s.depth.width(), 120);
      QCOMPARE(s.depth.height(), 90);
      QVERIFY(s.depth.kind() == DepthKind::RelativeInverseDepth);
      QVERIFY2(s.depth.validCount() == s.depth.pixelCount(), s.name.c_str());
    }
    const StageOutput& restored = r->stages[1];
    QCOMPARE(int(restored.trajectory.size()), 4);
    QCOMPARE(restored.trajectory.front().width(), 64);  // working resolution 64x48
    QCOMPARE(restored.trajectory.front().height(), 48);
    QCOMPARE(int(restored.timesteps.size()), 4);
    QVERIFY(restored.uncertainty.empty());  // one member
    QCOMPARE(progress.lastStep["restored"], 4);
    QCOMPARE(progress.lastStep["refined"], 4);
    QVERIFY(progress.monotonic);
    // Untrained models are said to be so.
    bool warned = false;
    for (const auto& w : r->warnings)
      warned = warned || w.find("untrained") != std::string::npos;
    QVERIFY(warned);
  }

  void ensembleGivesUncertaintyAndDepthGenRuns() {
    Pipeline pipeline(registry_);
    PipelineInput in;
    in.image = test::texturedImage(96, 64, 4);
    PipelineOptions o = diffusionOptions(3, 3);
    o.restore.enabled = o.refine.enabled = false;
    o.depthgen.enabled = true;
    NullProgress none;
    const auto r = pipeline.run(in, o, none, CancelToken());
    const StageOutput* gen = r->stage("depthgen");
    QVERIFY(gen);
    QCOMPARE(gen->uncertainty.width(), 96);
    QVERIFY(gen->uncertainty.validQuantile(0.5) > 0.0f);
    QCOMPARE(int(gen->trajectory.size()), 3);
  }

  void stereoPairUsesTheAuxViewAndRefinesMetricDepth() {
    Pipeline pipeline(registry_);
    auto [left, right] = test::planePair(128, 96, 8.0);
    PipelineInput in;
    in.image = left;
    in.right = right;
    Intrinsics k = Intrinsics::fromHorizontalFov(128, 96);
    k.fx = k.fy = 200;
    in.intrinsics = k;
    in.baselineM = 0.1;
    PipelineOptions o = diffusionOptions(2);
    o.model = "builtin-base";
    NullProgress none;
    const auto r = pipeline.run(in, o, none, CancelToken());
    const StageOutput* restored = r->stage("restored");
    QVERIFY(restored);
    bool aux = false;
    for (const auto& [k2, v] : restored->stats)
      aux = aux || (k2 == "aux_view" && v == 1.0);
    QVERIFY(aux);
    QCOMPARE(r->stage("refined")->conditionedOn, std::string("restored"));
    // Stereo alone is the base: the refiner refines metric stereo depth and stays metric.
    o.restore.enabled = false;
    o.model.clear();
    const auto m = pipeline.run(in, o, none, CancelToken());
    QCOMPARE(m->stage("base")->source, std::string("stereo-sgbm"));
    const StageOutput* refined = m->stage("refined");
    QCOMPARE(refined->conditionedOn, std::string("base"));
    QVERIFY(refined->depth.kind() == DepthKind::MetricDepth);
    // The plane is at fx * B / d = 2.5 m; a refiner whose corrections are small stays near it.
    QVERIFY(std::abs(refined->depth.validQuantile(0.5) - 2.5f) < 1.0f);
    o.auxView = false;
    o.restore.enabled = true;
    const auto noAux = pipeline.run(in, o, none, CancelToken());
    for (const auto& [k2, v] : noAux->stage("restored")->stats)
      if (k2 == "aux_view") QCOMPARE(v, 0.0);
  }

  void refinerPlugsIntoTheOnnxModel() {
    const fs::path onnx = test::sharedData() / "models" / "pydnetpp" / "pydnetpp_fp32_opencv.onnx";
    DS_REQUIRE_DATA(onnx);
    Pipeline pipeline(registry_);
    PipelineInput in;
    in.image = test::texturedImage(160, 120, 5);
    PipelineOptions o = diffusionOptions(2);
    o.restore.enabled = false;
    o.model = onnx.string();
    NullProgress none;
    const auto r = pipeline.run(in, o, none, CancelToken());
    const StageOutput* refined = r->stage("refined");
    QVERIFY(refined);
    QCOMPARE(refined->conditionedOn, std::string("base"));
    QVERIFY(refined->depth.kind() == r->stage("base")->depth.kind());  // relative depth stays so
    QVERIFY(refined->depth.validCount() > refined->depth.pixelCount() / 2);
  }

  void cancelTakesEffectWithinOneStep() {
    Pipeline pipeline(registry_);
    PipelineInput in;
    in.image = test::texturedImage(96, 64, 6);
    CancelToken cancel;
    StepCounter progress;
    progress.cancelAt = &cancel;
    progress.cancelStage = "restored";
    progress.cancelStep = 2;
    QVERIFY_EXCEPTION_THROWN(pipeline.run(in, diffusionOptions(8), progress, cancel),
                             ds::Cancelled);
    QCOMPARE(progress.lastStep["restored"], 2);
    QVERIFY(progress.lastStep.count("refined") == 0);
  }

  void resultFolderHoldsTrajectoriesAndRecordsTheRun() {
    Pipeline pipeline(registry_);
    PipelineInput in;
    in.image = test::texturedImage(80, 64, 7);
    PipelineOptions o = diffusionOptions(3, 2);
    o.restore.sampling.seed = 17;
    NullProgress none;
    const auto r = pipeline.run(in, o, none, CancelToken());
    QTemporaryDir out;
    ResultWriteOptions w;
    w.trajectories = true;
    writeResultFolder(*r, out.path().toStdString(), w);
    const fs::path dir = out.path().toStdString();
    QVERIFY(fs::exists(dir / "restored_steps" / "step_03.npy"));
    QVERIFY(fs::exists(dir / "refined_steps" / "step_01.png"));
    QVERIFY(fs::exists(dir / "refined_uncertainty.npy"));
    std::ifstream f(dir / "result.json");
    const auto j = nlohmann::json::parse(f);
    QCOMPARE(j["options"]["restore"]["seed"].get<int>(), 17);
    QCOMPARE(j["options"]["refine"]["ensemble"].get<int>(), 2);
    const auto& stages = j["stages"];
    QCOMPARE(stages[1]["name"].get<std::string>(), std::string("restored"));
    QCOMPARE(stages[1]["timesteps"].size(), size_t(3));
    QCOMPARE(stages[1]["sha256"].get<std::string>().size(), size_t(64));
    QCOMPARE(stages[2]["conditioned_on"].get<std::string>(), std::string("restored"));
    // Re-running with the same seed gives the same restored depth (the models stay loaded).
    const auto again = pipeline.run(in, o, none, CancelToken());
    QVERIFY(again->stage("restored")->depth.values() == r->stage("restored")->depth.values());
  }

  void missingOrMismatchedModelsAreNamed() {
    Pipeline pipeline(registry_);
    PipelineInput in;
    in.image = test::texturedImage(64, 64, 8);
    PipelineOptions o = diffusionOptions(2);
    o.refine.model = "no-such-refiner";
    NullProgress none;
    QString msg = test::errorOf([&] { pipeline.run(in, o, none, CancelToken()); });
    QVERIFY2(msg.contains("no-such-refiner"), qPrintable(msg));
    o.refine.model = "builtin-depthgen";  // a DepthGen card where a refiner is expected
    msg = test::errorOf([&] { pipeline.run(in, o, none, CancelToken()); });
    QVERIFY2(msg.contains("DepthGenerator") && msg.contains("DepthRefiner"), qPrintable(msg));
    o = diffusionOptions(0);
    msg = test::errorOf([&] { pipeline.run(in, o, none, CancelToken()); });
    QVERIFY2(msg.contains("steps"), qPrintable(msg));
    o = diffusionOptions(2);
    o.modelOptions.device = "tpu";
    msg = test::errorOf([&] { pipeline.run(in, o, none, CancelToken()); });
    QVERIFY2(msg.contains("tpu"), qPrintable(msg));
  }
  // The base card's border padding: base and restorer both see the mirrored image and hand back
  // maps in the image's frame (trajectories at the working 64x48, not the padded 80x64).
  void baseBorderPaddingReachesBaseAndRestorer() {
    QTemporaryDir dir;
    test::writeBuiltinTestModels(dir.path().toStdString());
    const fs::path card = fs::path(dir.path().toStdString()) / "builtin-base.json";
    ModelRegistry registry;
    registry.addSearchFolder(dir.path().toStdString());
    registerTorchBackends(registry);
    PipelineInput in;
    in.image = test::texturedImage(120, 90, 3);
    PipelineOptions o = diffusionOptions(2);
    o.refine.enabled = false;
    NullProgress none;
    const auto plain = Pipeline(registry).run(in, o, none, CancelToken());
    ModelCard c = ModelCard::read(card);
    c.borderPadding = 8;
    c.write(card);
    const auto padded = Pipeline(registry).run(in, o, none, CancelToken());
    for (const char* name : {"base", "restored"}) {
      const StageOutput* a = plain->stage(name);
      const StageOutput* b = padded->stage(name);
      QVERIFY(a && b);
      QCOMPARE(b->depth.width(), 120);
      QCOMPARE(b->depth.height(), 90);
      QVERIFY2(b->depth.validCount() == b->depth.pixelCount(), name);
      double change = 0.0;
      for (size_t i = 0; i < a->depth.pixelCount(); ++i)
        change = std::max(change, double(std::abs(a->depth.values()[i] - b->depth.values()[i])));
      QVERIFY2(change > 1e-3, name);  // the padding was applied
    }
    const StageOutput* restored = padded->stage("restored");
    QCOMPARE(restored->trajectory.front().width(), 64);
    QCOMPARE(restored->trajectory.front().height(), 48);
    // An amount the encoder's stride cannot take is refused, naming the card.
    c.borderPadding = 4;
    c.write(card);
    const QString msg = test::errorOf([&] { Pipeline(registry).run(in, o, none, CancelToken()); });
    QVERIFY2(msg.contains("builtin-base.json") && msg.contains("border_padding"), qPrintable(msg));
  }
};

QTEST_GUILESS_MAIN(tst_DiffusionPipeline)
#include "tst_DiffusionPipeline.moc"
