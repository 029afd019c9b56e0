#include <QtTest/QtTest>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/TestPaths.h"
#include "core/eval/Evaluator.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using ds::Alignment;
using ds::DepthKind;
using ds::DepthMap;
using ds::EvalOptions;
using ds::Evaluator;
using ds::RgbdFrame;

namespace {

fs::path rgbdRoot() {
  return ds::test::sharedData() / "rgbd";
}

// A small dataset that needs no shared data: a tilted floor (depth grows toward the top of the
// image, 1-6 m), 64x48, one "indoor" and one "outdoor" frame, no valid.png.
void writeSyntheticDataset(const fs::path& root) {
  for (const char* split : {"indoor", "outdoor"}) {
    const fs::path dir = root / (std::string("synthetic_") + split);
    fs::create_directories(dir);
    cv::Mat depth(48, 64, CV_16U), rgb(48, 64, CV_8UC3, cv::Scalar(60, 120, 180));
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x)
        depth.at<uint16_t>(y, x) = uint16_t(1000.0 * (6.0 - 5.0 * y / 47.0) + 10 * x);
    depth.at<uint16_t>(20, 30) = 0;  // a hole
    cv::imwrite((dir / "depth.png").string(), depth);
    cv::imwrite((dir / "rgb.png").string(), rgb);
    nlohmann::json j{{"fx", 50.0},
                     {"fy", 50.0},
                     {"cx", 31.5},
                     {"cy", 23.5},
                     {"width", 64},
                     {"height", 48},
                     {"depth_scale", 1000.0},
                     {"split", split},
                     {"valid_range_m", {0.1, 10.0}},
                     {"crop", "-"}};
    std::ofstream(dir / "intrinsics.json") << j.dump();
  }
}

// The trivial prior "farther toward the top of the image", as relative depth (top row 1, bottom
// row 0) or as relative inverse depth (top row 0 = infinitely far, bottom row 1).
DepthMap topIsFar(const RgbdFrame& f, DepthKind kind) {
  const int w = f.rgb.width(), h = f.rgb.height();
  std::vector<float> v(size_t(w) * h);
  for (int y = 0; y < h; ++y) {
    const float t = float(y) / float(h - 1);
    std::fill(v.begin() + long(y) * w, v.begin() + long(y + 1) * w,
              kind == DepthKind::RelativeInverseDepth ? t : 1.0f - t);
  }
  return DepthMap(w, h, kind, std::move(v), std::vector<uint8_t>(size_t(w) * h, 1));
}

class CountingProgress : public ds::ProgressSink {
 public:
  void report(const ds::Progress& p) override {
    last = p;
    ++calls;
    if (cancelAfter > 0 && calls == cancelAfter) token->cancel();
  }
  ds::Progress last;
  int calls = 0, cancelAfter = 0;
  ds::CancelToken* token = nullptr;
};

}  // namespace

#define REQUIRE_RGBD()              \
  const fs::path path = rgbdRoot(); \
  DS_REQUIRE_DATA(path)

class tst_Evaluator : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  fs::path synthetic_;

  ds::EvalReport evaluate(const ds::RgbdDataset& set, const Evaluator::Predictor& predict,
                          EvalOptions options = {}) {
    ds::NullProgress progress;
    ds::CancelToken cancel;
    return Evaluator().run(set, predict, options, progress, cancel);
  }

 private Q_SLOTS:
  void initTestCase() {
    synthetic_ = fs::path(tmp_.path().toStdString()) / "synthetic";
    writeSyntheticDataset(synthetic_);
  }

  void oracleScoresPerfectly() {
    const auto set = ds::RgbdDataset::open(synthetic_);
    const auto report = evaluate(set, [](const RgbdFrame& f) { return f.gt; });
    QCOMPARE(report.frames.size(), size_t(2));
    for (const auto& r : report.frames) {
      QVERIFY(r.alignment == Alignment::None);  // metric kind
      QCOMPARE(r.metrics.absRel, 0.0);
      QCOMPARE(r.metrics.delta1, 1.0);
      QCOMPARE(r.metrics.count, size_t(64 * 48 - 1));  // all but the hole
    }
    QCOMPARE(report.splits.size(), size_t(2));
    QCOMPARE(report.splits[0].split, std::string("indoor"));
    QCOMPARE(report.overall.frames, size_t(2));
    QCOMPARE(report.overall.mean.absRel, 0.0);
  }
  void affineOracleIsAlignedBack() {
    // The truth in another scale and shift, as relative depth and as relative inverse depth.
    const auto set = ds::RgbdDataset::open(synthetic_);
    for (DepthKind kind : {DepthKind::RelativeDepth, DepthKind::RelativeInverseDepth}) {
      const auto report = evaluate(set, [kind](const RgbdFrame& f) {
        DepthMap d = f.gt.withKind(kind);
        for (float& v : d.values())
          v = kind == DepthKind::RelativeDepth ? 0.3f * v - 0.2f : 4.0f / v + 7.0f;
        return d;
      });
      QVERIFY2(report.overall.mean.absRel < 1e-4,
               qPrintable(QString::number(report.overall.mean.absRel)));
      QCOMPARE(report.overall.mean.delta1, 1.0);
      QVERIFY(std::abs(report.frames[0].scale -
                       (kind == DepthKind::RelativeDepth ? 1 / 0.3 : 0.25)) < 1e-3);
    }
  }
  void zeroCentredInverseDepthIsScoredWhole() {
    // Relative inverse depth minus its median: the far half is negative before alignment and
    // must still be scored (dropping it would score only the easy near half).
    const auto set = ds::RgbdDataset::open(synthetic_);
    const auto report = evaluate(set, [](const RgbdFrame& f) {
      std::vector<float> v(f.gt.pixelCount(), std::nanf(""));
      for (size_t i = 0; i < v.size(); ++i)
        if (f.gt.validMask()[i]) v[i] = 1.0f / f.gt.values()[i] - 0.3f;
      return DepthMap(f.gt.width(), f.gt.height(), DepthKind::RelativeInverseDepth, std::move(v));
    });
    for (const auto& r : report.frames) {
      QCOMPARE(r.metrics.count, size_t(64 * 48 - 1));
      QCOMPARE(r.metrics.truthPixels, size_t(64 * 48 - 1));
      QCOMPARE(r.coverage(), 1.0);
      QVERIFY2(r.metrics.absRel < 1e-4, qPrintable(QString::number(r.metrics.absRel)));
    }
    QVERIFY(report.formatTable().find("warning") == std::string::npos);
  }
  void partialPredictionIsFlagged() {
    // The truth with its left half missing: scored on the right half, and the report says so.
    const auto set = ds::RgbdDataset::open(synthetic_);
    const auto report = evaluate(set, [](const RgbdFrame& f) {
      DepthMap d = f.gt;
      for (int y = 0; y < d.height(); ++y)
        for (int x = 0; x < d.width() / 2; ++x)
          d.setValid(x, y, false);
      return d;
    });
    // The hole at (30, 20) is in the left half, so the right half is scored whole.
    QCOMPARE(report.frames[0].metrics.count, size_t(32 * 48));
    QCOMPARE(report.frames[0].metrics.truthPixels, size_t(64 * 48 - 1));
    QCOMPARE(report.overall.mean.truthPixels, size_t(2 * (64 * 48 - 1)));
    const std::string table = report.formatTable();
    const std::string expected = "leaves " + std::to_string(2 * (32 * 48 - 1)) + " of " +
                                 std::to_string(2 * (64 * 48 - 1)) +
                                 " ground-truth pixels unscored in 2 frame(s) (least covered: "
                                 "synthetic_indoor, 50.0 %)";
    QVERIFY2(table.find(expected) != std::string::npos, table.c_str());
    const auto j = report.toJson();
    QVERIFY(std::abs(j["frames"][0]["coverage"].get<double>() - 0.5) < 1e-3);
    QVERIFY(std::abs(j["overall"]["coverage"].get<double>() - 0.5) < 1e-3);
  }
  void smallerPredictionIsResizedWithoutBleeding() {
    // Half-size truth with NaN in its invalid pixels: resizing must neither fail nor spread NaN.
    const auto set = ds::RgbdDataset::open(synthetic_);
    const auto report = evaluate(set, [](const RgbdFrame& f) {
      DepthMap half(32, 24, DepthKind::MetricDepth);
      for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 32; ++x) {
          half.at(x, y) = f.gt.at(2 * x, 2 * y);
          half.setValid(x, y, true);
        }
      half.at(5, 5) = std::nanf("");
      half.setValid(5, 5, false);
      return half;
    });
    for (const auto& r : report.frames) {
      QVERIFY(r.metrics.count > 3000);
      QVERIFY2(r.metrics.absRel > 0 && r.metrics.absRel < 0.02,
               qPrintable(QString::number(r.metrics.absRel)));
    }
  }
  void upsideDownPredictionIsFlaggedDegenerate() {
    const auto set = ds::RgbdDataset::open(synthetic_);
    const auto report = evaluate(set, [](const RgbdFrame& f) {
      return topIsFar(f, DepthKind::RelativeInverseDepth).withKind(DepthKind::RelativeDepth);
    });
    QVERIFY(report.frames[0].degenerate);
    QCOMPARE(report.frames[0].scale, 0.0);
    QVERIFY(report.formatTable().find("* degenerate") != std::string::npos);
  }
  void progressAndCancel() {
    const auto set = ds::RgbdDataset::open(synthetic_);
    ds::CancelToken cancel;
    CountingProgress progress;
    int predicted = 0;
    auto oracle = [&](const RgbdFrame& f) {
      ++predicted;
      return f.gt;
    };
    Evaluator().run(set, oracle, {}, progress, cancel);
    QCOMPARE(progress.calls, 2);
    QCOMPARE(progress.last.fraction, 1.0);
    QCOMPARE(progress.last.steps, 2);
    QCOMPARE(progress.last.stage, std::string("eval"));
    // Cancelled during the first frame: the second is never predicted.
    predicted = 0;
    progress = CountingProgress();
    progress.cancelAfter = 1;
    progress.token = &cancel;
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled, Evaluator().run(set, oracle, {}, progress, cancel));
    QCOMPARE(predicted, 1);
  }
  void optionsAreChecked() {
    EvalOptions o;
    o.check();
    o.convention = "middlebury";
    QVERIFY_THROWS_EXCEPTION(ds::Error, o.check());
    o.convention = "kitti";
    o.check();
    o.alignment = static_cast<Alignment>(42);
    QVERIFY_THROWS_EXCEPTION(ds::Error, o.check());
    const auto set = ds::RgbdDataset::open(synthetic_);
    QVERIFY_THROWS_EXCEPTION(ds::Error, evaluate(set, [](const RgbdFrame&) { return DepthMap(); }));
  }
  void imposedConventionReplacesTheFramesOwn() {
    // KITTI's Garg crop keeps rows 19:47 of 48 and columns 2:61 of 64.
    const auto set = ds::RgbdDataset::open(synthetic_);
    EvalOptions o;
    o.convention = "kitti";
    const auto report = evaluate(
        set, [](const RgbdFrame& f) { return f.gt; }, o);
    QCOMPARE(report.frames[0].metrics.count, size_t((47 - 19) * (61 - 2) - 1));
  }
  void reportAsTableAndJson() {
    const auto set = ds::RgbdDataset::open(synthetic_);
    EvalOptions o;
    o.perSplit = false;
    const auto report = evaluate(
        set, [](const RgbdFrame& f) { return f.gt; }, o);
    QVERIFY(report.splits.empty());
    const std::string table = report.formatTable();
    for (const char* part : {"AbsRel", "RMSElog", "δ3", "synthetic_indoor", "mean (2 frames)"})
      QVERIFY2(table.find(part) != std::string::npos, part);
    const fs::path file = fs::path(tmp_.path().toStdString()) / "report.json";
    report.writeJson(file);
    const auto j = nlohmann::json::parse(ds::readFile(file));
    QCOMPARE(j["frames"].size(), size_t(2));
    QCOMPARE(j["frames"][1]["id"].get<std::string>(), std::string("synthetic_outdoor"));
    QCOMPARE(j["overall"]["metrics"]["delta1"].get<double>(), 1.0);
    QCOMPARE(j["overall"]["frames"].get<int>(), 2);
    QCOMPARE(j["overall"]["coverage"].get<double>(), 1.0);
    QVERIFY(table.find("warning") == std::string::npos);
    const fs::path nowhere = fs::path(tmp_.path().toStdString()) / "no" / "report.json";
    try {
      report.writeJson(nowhere);
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      QVERIFY2(std::string(e.what()).find(nowhere.parent_path().string()) != std::string::npos,
               e.what());
    }
  }

  void realFramesOracleAndPrior() {
    REQUIRE_RGBD();
    const auto set = ds::RgbdDataset::open(rgbdRoot());
    const auto oracle = evaluate(set, [](const RgbdFrame& f) { return f.gt; });
    QCOMPARE(oracle.frames.size(), size_t(11));
    QCOMPARE(oracle.overall.mean.absRel, 0.0);
    QCOMPARE(oracle.overall.mean.delta1, 1.0);
    QCOMPARE(oracle.splits.size(), size_t(2));
    QCOMPARE(oracle.splits[0].frames, size_t(9));  // indoor
    QCOMPARE(oracle.splits[1].frames, size_t(2));  // outdoor

    for (DepthKind kind : {DepthKind::RelativeDepth, DepthKind::RelativeInverseDepth}) {
      const auto prior = evaluate(set, [kind](const RgbdFrame& f) { return topIsFar(f, kind); });
      qInfo("prior 'farther toward the top' as %s, aligned by %s:\n%s", ds::toString(kind).c_str(),
            ds::toString(prior.frames[0].alignment).c_str(), prior.formatTable().c_str());
      // A layout prior is far from the truth but far better than nothing.
      for (const auto& s : prior.splits) {
        QVERIFY2(s.mean.absRel > 0.05 && s.mean.absRel < 0.8, s.split.c_str());
        QVERIFY2(s.mean.delta1 > 0.2 && s.mean.delta1 < 0.95, s.split.c_str());
      }
    }
  }
};

QTEST_GUILESS_MAIN(tst_Evaluator)
#include "tst_Evaluator.moc"
