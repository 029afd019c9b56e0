#include <QtTest/QtTest>
#include <cmath>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "ModelTestFiles.h"
#include "core/eval/ScaleShiftFit.h"
#include "core/image/OpenCvBridge.h"
#include "core/models/OnnxModel.h"
#include "core/util/Error.h"
#include "core/util/Sha256.h"

namespace fs = std::filesystem;
using ds::DepthMap;
using ds::OnnxModel;

namespace {

fs::path frameDir() {
  return ds::test::sharedData() / "rgbd" / "open3d_tum";
}

ds::Image readFrame() {
  return ds::imageFromMat(cv::imread((frameDir() / "rgb.png").string(), cv::IMREAD_UNCHANGED));
}

// AbsRel of `pred` after a least-squares scale-and-shift fit to the frame's ground truth.
double alignedAbsRel(const DepthMap& pred, double* scale) {
  const cv::Mat raw = cv::imread((frameDir() / "depth.png").string(), cv::IMREAD_UNCHANGED);
  if (raw.type() != CV_16U || raw.cols != pred.width() || raw.rows != pred.height()) return 1e9;
  std::vector<float> gt(pred.pixelCount());
  std::vector<uint8_t> mask(gt.size());
  for (size_t i = 0; i < gt.size(); ++i) {
    gt[i] = float(raw.ptr<uint16_t>()[i]) / 1000.0f;
    mask[i] = gt[i] > 0.0f && pred.validMask()[i];
  }
  const ds::ScaleShift fit =
      ds::fitScaleShift(pred.values().data(), gt.data(), mask.data(), gt.size());
  *scale = fit.scale;
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < gt.size(); ++i) {
    if (!mask[i]) continue;
    sum += std::abs(fit.scale * pred.values()[i] + fit.shift - gt[i]) / gt[i];
    ++n;
  }
  return n ? sum / n : 1e9;
}

struct RecordingProgress : ds::ProgressSink {
  std::vector<ds::Progress> seen;
  void report(const ds::Progress& p) override { seen.push_back(p); }
};

}  // namespace

class tst_OnnxModel : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  fs::path dir() const { return tmp_.path().toStdString(); }

 private Q_SLOTS:
  void loadsAndDescribesTheRealModel() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    OnnxModel model(ds::test::pydnetOnnx());
    const ds::ModelInfo& info = model.info();
    QVERIFY(info.outputKind == ds::DepthKind::RelativeDepth);
    QCOMPARE(info.inputWidth, 640);
    QCOMPARE(info.inputHeight, 448);
    QCOMPARE(info.sha256, ds::Sha256::ofFile(ds::test::pydnetOnnx()));
    QCOMPARE(info.format, std::string("onnx"));
    QCOMPARE(info.id, std::string("pydnetpp_fp32_opencv"));
    QCOMPARE(info.name, std::string("mobilePydnet++ (fp32 ONNX)"));
    QVERIFY(ds::test::contains(info.license, "Apache-2.0"));
  }

  void predictsARealFrameThatAlignsToGroundTruth() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    DS_REQUIRE_FILE(frameDir() / "depth.png");
    OnnxModel model(ds::test::pydnetOnnx());
    const ds::Image rgb = readFrame();
    RecordingProgress progress;
    ds::CancelToken cancel;
    const DepthMap depth = model.predict(rgb, progress, cancel);
    QCOMPARE(depth.width(), rgb.width());  // the image's resolution, not the network's 640x448
    QCOMPARE(depth.height(), rgb.height());
    QVERIFY(depth.kind() == ds::DepthKind::RelativeDepth);
    for (float v : depth.values())
      QVERIFY(std::isfinite(v));
    QVERIFY(depth.validCount() > depth.pixelCount() * 99 / 100);
    QVERIFY(!progress.seen.empty());
    QCOMPARE(progress.seen.back().fraction, 1.0);
    QCOMPARE(progress.seen.back().stage, std::string("base"));

    double scale = 0;
    const double absRel = alignedAbsRel(depth, &scale);
    qInfo("pydnet++ on open3d_tum, stretch: AbsRel %.4f after scale %.4f and shift", absRel, scale);
    QVERIFY(scale > 0);  // depth grows with distance: the fit must not flip it
    QVERIFY(absRel < 0.5);
  }

  void rgbaAndGreyInputsWork() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    DS_REQUIRE_FILE(frameDir() / "rgb.png");
    OnnxModel model(ds::test::pydnetOnnx());
    ds::NullProgress progress;
    ds::CancelToken cancel;
    const ds::Image rgb = readFrame();
    ds::Image rgba(rgb.width(), rgb.height(), 4);
    ds::Image grey(rgb.width(), rgb.height(), 1);
    for (size_t i = 0; i < rgb.pixelCount(); ++i) {
      for (int c = 0; c < 3; ++c)
        rgba.pixels()[4 * i + c] = rgb.pixels()[3 * i + c];
      rgba.pixels()[4 * i + 3] = 1.0f;
      grey.pixels()[i] = rgb.pixels()[3 * i + 1];
    }
    const DepthMap fromRgb = model.predict(rgb, progress, cancel);
    const DepthMap fromRgba = model.predict(rgba, progress, cancel);
    QCOMPARE(fromRgba.values(), fromRgb.values());  // alpha is dropped, nothing else changes
    const DepthMap fromGrey = model.predict(grey, progress, cancel);
    QCOMPARE(fromGrey.width(), rgb.width());
    QVERIFY(fromGrey.validCount() > 0);
  }

  void keepAspectPadVariantWorks() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    DS_REQUIRE_FILE(frameDir() / "depth.png");
    const fs::path onnx = ds::test::writeVariant(
        dir(), "padded", [](nlohmann::json& j) { j["input"]["resize"] = "keep_aspect_pad"; });
    OnnxModel model(onnx);
    QVERIFY(model.sidecar().input.resize == ds::ModelSidecar::Resize::KeepAspectPad);
    ds::NullProgress progress;
    ds::CancelToken cancel;
    const ds::Image rgb = readFrame();
    const DepthMap depth = model.predict(rgb, progress, cancel);
    QCOMPARE(depth.width(), rgb.width());
    QCOMPARE(depth.height(), rgb.height());
    for (float v : depth.values())
      QVERIFY(std::isfinite(v));
    double scale = 0;
    const double absRel = alignedAbsRel(depth, &scale);
    qInfo("pydnet++ on open3d_tum, keep_aspect_pad: AbsRel %.4f", absRel);
    QVERIFY(scale > 0);
    QVERIFY(absRel < 0.5);
  }

  void keepAspectCropMarksUnseenRowsInvalid() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    DS_REQUIRE_FILE(frameDir() / "rgb.png");
    const fs::path onnx = ds::test::writeVariant(
        dir(), "cropped", [](nlohmann::json& j) { j["input"]["resize"] = "keep_aspect_crop"; });
    OnnxModel model(onnx);
    ds::NullProgress progress;
    ds::CancelToken cancel;
    // 640x480 covering 640x448 keeps rows 16..463: the 16 rows at each edge are not seen.
    const DepthMap depth = model.predict(readFrame(), progress, cancel);
    QCOMPARE(depth.height(), 480);
    QVERIFY(!depth.isValid(320, 0) && !depth.isValid(320, 15) && !depth.isValid(320, 479));
    QVERIFY(depth.isValid(320, 16) && depth.isValid(320, 240) && depth.isValid(320, 463));
    QCOMPARE(depth.validCount(), size_t(640 * 448));
  }

  void cancelStopsBeforeTheNetwork() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    OnnxModel model(ds::test::pydnetOnnx());
    ds::NullProgress progress;
    ds::CancelToken cancel;
    cancel.cancel();
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled, model.predict(ds::Image(32, 24, 3), progress, cancel));
    cancel.reset();
    DS_EXPECT_ERROR(model.predict(ds::Image(), progress, cancel), "empty image");
  }

  void missingFilesAreNamed() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    DS_EXPECT_ERROR(OnnxModel(dir() / "nothing.onnx"), "nothing.onnx", "model file not found");
    // A sidecar whose model file is gone.
    ds::test::writeVariant(dir(), "orphan", {}, /*linkModel=*/false);
    DS_EXPECT_ERROR(OnnxModel(ds::ModelSidecar::load(dir() / "orphan.json")), "orphan.onnx",
                    "model file not found", "orphan.json");
    // A model without a sidecar.
    fs::create_symlink(ds::test::pydnetOnnx(), dir() / "lonely.onnx");
    DS_EXPECT_ERROR(OnnxModel(dir() / "lonely.onnx"), "no sidecar 'lonely.json' next to",
                    (dir() / "lonely.onnx").string(), "see README 'Importing a model'");
  }

  void truncatedAndForeignFilesAreRefused() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    const std::string bytes = ds::readFile(ds::test::pydnetOnnx());
    ds::test::writeVariant(dir(), "half", {}, false);
    ds::writeFileAtomically(dir() / "half.onnx", bytes.substr(0, bytes.size() / 2));
    DS_EXPECT_ERROR(OnnxModel(dir() / "half.onnx"), "half.onnx", "not an ONNX model or truncated");
    ds::test::writeVariant(dir(), "text", {}, false);
    ds::writeFileAtomically(dir() / "text.onnx", "this is a text file, not a network\n");
    DS_EXPECT_ERROR(OnnxModel(dir() / "text.onnx"), "text.onnx", "not an ONNX model");
  }

  void sidecarMismatchesAreExplained() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    const auto inputName = ds::test::writeVariant(
        dir(), "inname", [](nlohmann::json& j) { j["input"]["name"] = "image"; });
    DS_EXPECT_ERROR(OnnxModel(inputName), "inname.json", "input.name 'image' is not an input of",
                    "im0_nchw_rgb01 [1,3,448,640]");
    const auto width = ds::test::writeVariant(dir(), "inwidth",
                                              [](nlohmann::json& j) { j["input"]["width"] = 512; });
    DS_EXPECT_ERROR(OnnxModel(width), "inwidth.onnx", "has shape [1,3,448,640]", "inwidth.json",
                    "[1,3,448,512]");
    const auto layout = ds::test::writeVariant(
        dir(), "inlayout", [](nlohmann::json& j) { j["input"]["layout"] = "NHWC"; });
    DS_EXPECT_ERROR(OnnxModel(layout), "inlayout.onnx", "[1,448,640,3] (NHWC, 640x448)");
    const auto output = ds::test::writeVariant(
        dir(), "outname", [](nlohmann::json& j) { j["output"]["name"] = "depth"; });
    DS_EXPECT_ERROR(OnnxModel(output), "outname.json", "output.name 'depth' is not an output of",
                    "pred_half [1,1,448,640]", "pred_quarter", "pred_eighth");
  }

  void checksumMismatchNamesBothHashes() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    const std::string wrong(64, '0');
    const auto onnx =
        ds::test::writeVariant(dir(), "hashed", [&](nlohmann::json& j) { j["sha256"] = wrong; });
    DS_EXPECT_ERROR(OnnxModel(onnx), "hashed.onnx", wrong,
                    ds::Sha256::ofFile(ds::test::pydnetOnnx()), "hashed.json");
    // The right hash loads.
    const std::string right = ds::Sha256::ofFile(ds::test::pydnetOnnx());
    const auto good =
        ds::test::writeVariant(dir(), "hashok", [&](nlohmann::json& j) { j["sha256"] = right; });
    QCOMPARE(OnnxModel(good).info().sha256, right);
  }

  void badOptionsAreRefused() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    ds::ModelOptions options;
    options.threads = -2;
    DS_EXPECT_ERROR(OnnxModel(ds::test::pydnetOnnx(), options), "threads");
  }
};

QTEST_GUILESS_MAIN(tst_OnnxModel)
#include "tst_OnnxModel.moc"
