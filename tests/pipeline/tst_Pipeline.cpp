#include <QtTest/QtTest>
#include <cmath>

#include "common/SyntheticPair.h"
#include "common/TestErrors.h"
#include "common/TestPaths.h"
#include "core/image/ImageIo.h"
#include "core/pipeline/Pipeline.h"
#include "core/util/Error.h"

using namespace ds;

namespace {

struct CancelOnFirstReport : ProgressSink {
  CancelToken& token;
  explicit CancelOnFirstReport(CancelToken& t) : token(t) {}
  void report(const Progress&) override { token.cancel(); }
};

double medianOfValid(const DepthMap& d) {
  return d.validQuantile(0.5);
}

// The pipeline's error for `in` with default options; empty when it runs.
std::string runError(const PipelineInput& in) {
  ModelRegistry registry;
  Pipeline pipeline(registry);
  NullProgress progress;
  return test::errorText([&] { pipeline.run(in, PipelineOptions(), progress, CancelToken()); });
}

// A synthetic plane pair through the pipeline with default options (fx <= 0: no calibration).
std::shared_ptr<const PipelineResult> runPair(int w, int h, double disparity, double fx,
                                              double baselineM, ProgressSink& progress,
                                              const CancelToken& cancel) {
  auto [left, right] = test::planePair(w, h, disparity);
  PipelineInput in;
  in.image = left;
  in.right = right;
  if (fx > 0) {
    Intrinsics k = Intrinsics::fromHorizontalFov(w, h);
    k.fx = k.fy = fx;
    in.intrinsics = k;
  }
  in.baselineM = baselineM;
  ModelRegistry registry;
  Pipeline pipeline(registry);
  return pipeline.run(in, PipelineOptions(), progress, cancel);
}

}  // namespace

class tst_Pipeline : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void calibratedPairGivesMetricBase() {
    NullProgress progress;
    const auto result = runPair(192, 128, 12.0, 300.0, 0.1, progress, CancelToken());
    QCOMPARE(result->stages.size(), size_t(1));
    const StageOutput& base = result->stages[0];
    QCOMPARE(base.name, std::string("base"));
    QCOMPARE(base.source, std::string("stereo-sgbm"));
    QVERIFY(base.depth.kind() == DepthKind::MetricDepth);
    QCOMPARE(base.depth.width(), 192);
    // Z = f B / d = 300 * 0.1 / 12 = 2.5 m
    QVERIFY2(std::abs(medianOfValid(base.depth) - 2.5) < 0.05,
             qPrintable(QString::number(medianOfValid(base.depth))));
    QVERIFY(base.depth.validCount() > base.depth.pixelCount() / 2);
    QCOMPARE(result->intrinsicsSource, std::string("user"));
    QCOMPARE(&result->geometryStage(), &result->stages[0]);
    QVERIFY(result->warnings.empty());
  }

  void uncalibratedPairGivesDisparity() {
    NullProgress progress;
    const auto result = runPair(192, 128, 9.0, 0.0, 0.0, progress, CancelToken());
    const DepthMap& d = result->stages.at(0).depth;
    QVERIFY(d.kind() == DepthKind::RelativeInverseDepth);
    QVERIFY(std::abs(medianOfValid(d) - 9.0) < 0.2);
    QVERIFY(result->intrinsicsSource.find("assumed") != std::string::npos);
  }

  void baselineWithoutFocalLengthWarns() {
    NullProgress progress;
    const auto result = runPair(160, 96, 8.0, 0.0, 0.2, progress, CancelToken());
    QCOMPARE(result->warnings.size(), size_t(1));
    QVERIFY(result->warnings[0].find("--fx") != std::string::npos);
  }

  void singleImageWithoutModelIsRefused() {
    PipelineInput in;
    in.image = test::texturedImage(64, 48, 1);
    const std::string m = runError(in);
    QVERIFY2(m.find("--model") != std::string::npos, m.c_str());
  }

  void mismatchedPairNamesBothFiles() {
    PipelineInput in;
    in.image = Image(64, 48, 3);
    in.imagePath = "left.png";
    in.right = Image(64, 40, 3);
    in.rightPath = "right.png";
    const std::string m = runError(in);
    QVERIFY2(m.find("left.png") != std::string::npos && m.find("right.png") != std::string::npos &&
                 m.find("differ in size") != std::string::npos,
             m.c_str());
  }

  void cancelStopsTheRun() {
    CancelToken cancel;
    CancelOnFirstReport progress(cancel);
    QVERIFY_THROWS_EXCEPTION(Cancelled, runPair(160, 96, 8.0, 0.0, 0.0, progress, cancel));
  }

  void modelAndCalibratedPairGiveMetricModelDepth() {
    const auto onnx = test::sharedData() / "models/pydnetpp/pydnetpp_fp32_opencv.onnx";
    DS_REQUIRE_DATA(onnx);
    const auto aloe = test::aloeDir();
    DS_REQUIRE_DATA(aloe / "aloeR.jpg");
    PipelineInput in =
        PipelineInput::fromFiles(aloe / "aloeL.jpg", aloe / "aloeR.jpg", 3740.0, 0.16);
    PipelineOptions options;
    options.model = onnx.string();
    options.sgbm.downscale = 0.5;  // enough for a metric reference, twice as fast
    ModelRegistry registry;
    Pipeline pipeline(registry);
    NullProgress progress;
    CancelToken cancel;
    const auto result = pipeline.run(in, options, progress, cancel);
    QCOMPARE(result->stages.size(), size_t(3));
    QCOMPARE(result->stages[0].name, std::string("base"));
    QVERIFY(result->stages[0].depth.kind() == DepthKind::RelativeDepth);
    QCOMPARE(result->stages[0].sourceSha256.size(), size_t(64));
    QCOMPARE(result->stages[1].name, std::string("stereo"));
    const StageOutput& metric = result->stages[2];
    QCOMPARE(metric.name, std::string("base_metric"));
    QVERIFY(metric.depth.kind() == DepthKind::MetricDepth);
    QCOMPARE(result->geometryStage().name, std::string("base_metric"));
    // The aligned model depth lands on the stereo depth's scale: medians within 15 %.
    const double m = medianOfValid(metric.depth), s = medianOfValid(result->stages[1].depth);
    qInfo("median depth: model aligned %.3f m, stereo %.3f m", m, s);
    QVERIFY(std::abs(m - s) / s < 0.15);
  }
};

QTEST_GUILESS_MAIN(tst_Pipeline)
#include "tst_Pipeline.moc"
