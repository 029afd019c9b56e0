#include <QtTest/QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/pipeline/ResultFolder.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

PipelineResult sampleResult() {
  PipelineResult r;
  r.imagePath = "/data/photo.png";
  r.width = 8;
  r.height = 6;
  r.intrinsics = Intrinsics::fromHorizontalFov(8, 6, 70.0);
  r.intrinsicsSource = "user";
  std::vector<float> rel(48), metric(48);
  for (int i = 0; i < 48; ++i) {
    rel[size_t(i)] = 0.5f + 0.1f * float(i);
    metric[size_t(i)] = 1.0f + 0.05f * float(i);
  }
  std::vector<uint8_t> valid(48, 1);
  valid[3] = 0;
  StageOutput base{"base", DepthMap(8, 6, DepthKind::RelativeInverseDepth, rel, valid),
                   "net",  "ab12",
                   12.5,   {{"valid_fraction", 47.0 / 48.0}}};
  StageOutput aligned{"base_metric", DepthMap(8, 6, DepthKind::MetricDepth, metric),
                      "aligned",     "",
                      1.0,           {{"scale", 2.0}}};
  r.stages = {base, aligned};
  r.totalMilliseconds = 20.0;
  return r;
}

}  // namespace

class tst_ResultFolder : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writesAndReadsBack() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "result";
    const PipelineResult r = sampleResult();
    const auto files = writeResultFolder(r, folder);
    QCOMPARE(files.back(), std::string("result.json"));  // last: its presence means complete
    for (const auto& f : {"base.npy", "base.png", "base_legend.png", "base_metric.npy",
                          "base_metric.png", "normals.png"})
      QVERIFY2(fs::exists(folder / f), f);

    const SavedResult saved = readResultFolder(folder);
    QCOMPARE(saved.stages.size(), size_t(2));
    QCOMPARE(saved.geometryStage, std::string("base_metric"));
    QCOMPARE(saved.imagePath.string(), std::string("/data/photo.png"));
    QVERIFY(std::abs(saved.intrinsics.fx - r.intrinsics.fx) < 1e-9);
    for (size_t s = 0; s < 2; ++s) {
      const DepthMap& a = r.stages[s].depth;
      const DepthMap& b = saved.stages[s].depth;
      QVERIFY(a.kind() == b.kind());
      QVERIFY(a.validMask() == b.validMask());
      for (size_t i = 0; i < a.pixelCount(); ++i)
        if (a.validMask()[i]) QCOMPARE(a.values()[i], b.values()[i]);
    }
    QCOMPARE(saved.stage("base").source, std::string("net"));

    const auto json = nlohmann::json::parse(readFile(folder / "result.json"));
    QCOMPARE(json["stages"][0]["kind"].get<std::string>(), std::string("relative_inverse_depth"));
    QCOMPARE(json["stages"][0]["sha256"].get<std::string>(), std::string("ab12"));
    QCOMPARE(json["stages"][1]["stats"]["scale"].get<double>(), 2.0);
    QCOMPARE(json["intrinsics_source"].get<std::string>(), std::string("user"));
    QVERIFY(json["options"].contains("sgbm"));
  }

  void unknownStageListsTheOthers() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    writeResultFolder(sampleResult(), folder);
    try {
      readResultFolder(folder).stage("refined");
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("base, base_metric") != std::string::npos, e.what());
    }
  }

  void brokenFoldersAreNamed() {
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    QVERIFY_THROWS_EXCEPTION(Error, readResultFolder(folder / "missing"));
    try {
      readResultFolder(folder);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("result.json") != std::string::npos, e.what());
    }
    std::ofstream(folder / "result.json") << "{ not json";
    try {
      readResultFolder(folder);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("not valid JSON") != std::string::npos, e.what());
    }
    writeResultFolder(sampleResult(), folder);
    fs::remove(folder / "base.npy");
    try {
      readResultFolder(folder);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("base.npy") != std::string::npos, e.what());
    }
  }

  void folderThatIsAFileIsRefused() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "taken";
    std::ofstream(file) << "x";
    QVERIFY_THROWS_EXCEPTION(Error, writeResultFolder(sampleResult(), file));
  }
};

QTEST_GUILESS_MAIN(tst_ResultFolder)
#include "tst_ResultFolder.moc"
