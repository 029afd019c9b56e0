#include <QtTest/QtTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/TestErrors.h"
#include "common/TestPaths.h"
#include "core/eval/RgbdDataset.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using ds::RgbdDataset;

namespace {

fs::path rgbdRoot() {
  return ds::test::sharedData() / "rgbd";
}

// The message of the ds::Error that `f` throws ("" when it throws none).
bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

// DS_REQUIRE_DATA's parameter is named `path`, which also replaces the `path` in its
// std::filesystem::path(...): it only compiles when the argument is spelled `path`.
#define REQUIRE_RGBD()              \
  const fs::path path = rgbdRoot(); \
  DS_REQUIRE_DATA(path)

class tst_RgbdDataset : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;

  // A copy of one real frame in a fresh folder: <tmp>/<name>/frame/...
  fs::path copyFrame(const std::string& name, const std::string& frame = "slambook2_ch5_1") {
    const fs::path root = fs::path(tmp_.path().toStdString()) / name;
    fs::create_directories(root);
    fs::copy(rgbdRoot() / frame, root / "frame", fs::copy_options::recursive);
    return root;
  }
  void editJson(const fs::path& file, const std::function<void(nlohmann::json&)>& edit) {
    auto j = nlohmann::json::parse(ds::readFile(file));
    edit(j);
    std::ofstream(file) << j.dump(1);
  }

 private Q_SLOTS:
  void readsTheSharedFrames() {
    REQUIRE_RGBD();
    const auto set = RgbdDataset::open(rgbdRoot());
    QCOMPARE(set.size(), size_t(11));
    int indoor = 0, outdoor = 0;
    for (size_t i = 0; i < set.size(); ++i) {
      indoor += set.info(i).split == "indoor";
      outdoor += set.info(i).split == "outdoor";
      if (i > 0) QVERIFY(set.info(i - 1).id < set.info(i).id);  // sorted
      QVERIFY(set.info(i).hasValidMask);
    }
    QCOMPARE(indoor, 9);
    QCOMPARE(outdoor, 2);
    QCOMPARE(set.info(0).id, std::string("kitti_object_000000"));
    QCOMPARE(set.info(0).convention.name, std::string("kitti"));
    QVERIFY_THROWS_EXCEPTION(ds::Error, set.info(11));
  }
  void loadsAnIndoorFrameInMetres() {
    REQUIRE_RGBD();
    const auto set = RgbdDataset::open(rgbdRoot());
    size_t index = 0;
    while (set.info(index).id != "slambook2_ch5_1")
      ++index;
    const ds::RgbdFrame f = set.load(index);
    QCOMPARE(f.rgb.width(), 640);
    QCOMPARE(f.rgb.height(), 480);
    QCOMPARE(f.rgb.channels(), 3);
    QCOMPARE(f.gt.width(), 640);
    QCOMPARE(f.gt.height(), 480);
    QVERIFY(f.gt.kind() == ds::DepthKind::MetricDepth);
    QCOMPARE(f.intrinsics().fx, 518.0);
    QCOMPARE(f.convention().name, std::string("nyu"));
    QCOMPARE(f.evalMask.size(), f.gt.pixelCount());
    // Kinect depth in millimetres / 1000: metres, and every counted pixel inside 0.1-10 m.
    size_t counted = 0;
    for (size_t i = 0; i < f.evalMask.size(); ++i) {
      if (!f.evalMask[i]) continue;
      ++counted;
      QVERIFY(f.gt.validMask()[i]);
      QVERIFY(f.gt.values()[i] > 0.1f && f.gt.values()[i] < 10.0f);
    }
    QVERIFY2(counted > 100000, qPrintable(QString::number(counted)));
    const auto [lo, hi] = f.gt.validRange();
    QVERIFY2(lo >= 0.1f && hi <= 10.0f, qPrintable(QString("%1..%2").arg(lo).arg(hi)));
    const float median = f.gt.validQuantile(0.5);
    QVERIFY2(median > 0.5f && median < 5.0f, qPrintable(QString::number(median)));
    // Nothing outside Eigen's crop counts.
    QVERIFY(!f.evalMask[10 * 640 + 320]);
  }
  void loadsAnOutdoorFrameWithSparseLidar() {
    REQUIRE_RGBD();
    const auto set = RgbdDataset::open(rgbdRoot());
    const ds::RgbdFrame f = set.load(1);  // mmdet3d_kitti_000008
    QCOMPARE(f.id(), std::string("mmdet3d_kitti_000008"));
    QCOMPARE(f.gt.width(), 1242);
    QCOMPARE(f.gt.height(), 375);
    QCOMPARE(f.split(), std::string("outdoor"));
    const double density = double(f.gt.validCount()) / double(f.gt.pixelCount());
    QVERIFY2(density > 0.01 && density < 0.2, qPrintable(QString::number(density)));
    QVERIFY(f.gt.validRange().second <= 80.0f + 1.0f);
  }
  void validMaskAgreesWithTheConvention() {
    // valid.png is documented as "inside the range and the crop": it should match what the
    // convention derives from the ground truth (crop, strict range), pixel for pixel.
    REQUIRE_RGBD();
    const auto set = RgbdDataset::open(rgbdRoot());
    for (size_t i = 0; i < set.size(); ++i) {
      const ds::RgbdFrame f = set.load(i);
      const auto derived = f.convention().mask(f.gt);
      size_t differ = 0, counted = 0;
      for (size_t p = 0; p < derived.size(); ++p) {
        differ += derived[p] != f.evalMask[p];
        counted += f.evalMask[p];
      }
      qInfo("%s: %zu pixels count, %zu differ from the %s convention's mask", f.id().c_str(),
            counted, differ, f.convention().name.c_str());
      QCOMPARE(differ, size_t(0));
    }
  }
  void missingKeyNamesFileAndKey() {
    REQUIRE_RGBD();
    const fs::path root = copyFrame("missingKey");
    const fs::path json = root / "frame" / "intrinsics.json";
    editJson(json, [](nlohmann::json& j) { j.erase("fx"); });
    const std::string msg = ds::test::errorText([&] { RgbdDataset::open(root); });
    QVERIFY2(contains(msg, json.string()) && contains(msg, "'fx'"), msg.c_str());
  }
  void wrongValuesNameTheKey() {
    REQUIRE_RGBD();
    const fs::path root = copyFrame("wrongValues");
    const fs::path json = root / "frame" / "intrinsics.json";
    const std::vector<std::pair<std::string, nlohmann::json>> cases{
        {"valid_range_m", nlohmann::json::array({10.0, 1.0})},
        {"valid_range_m", "0.1-10"},
        {"crop", "middle"},
        {"depth_scale", 0},
        {"width", 640.5},
        {"fy", "519"},
        {"split", 7}};
    for (const auto& [key, value] : cases) {
      fs::copy_file(rgbdRoot() / "slambook2_ch5_1" / "intrinsics.json", json,
                    fs::copy_options::overwrite_existing);
      editJson(json, [&, k = key, v = value](nlohmann::json& j) { j[k] = v; });
      const std::string msg = ds::test::errorText([&] { RgbdDataset::open(root); });
      QVERIFY2(contains(msg, json.string()) && contains(msg, "'" + key + "'"), msg.c_str());
    }
    std::ofstream(json) << "{\"fx\": 1,";  // cut short
    const std::string msg = ds::test::errorText([&] { RgbdDataset::open(root); });
    QVERIFY2(contains(msg, json.string()) && contains(msg, "JSON"), msg.c_str());
  }
  void missingFileIsNamed() {
    REQUIRE_RGBD();
    for (const char* name : {"rgb.png", "depth.png", "intrinsics.json"}) {
      const fs::path root = copyFrame(std::string("missing_") + name);
      fs::remove(root / "frame" / name);
      const std::string msg = ds::test::errorText([&] { RgbdDataset::open(root); });
      QVERIFY2(contains(msg, (root / "frame" / name).string()) && contains(msg, "missing"),
               msg.c_str());
    }
  }
  void truncatedDepthIsNamedOnLoad() {
    REQUIRE_RGBD();
    const fs::path root = copyFrame("truncated");
    const fs::path depth = root / "frame" / "depth.png";
    fs::resize_file(depth, fs::file_size(depth) / 2);
    const auto set = RgbdDataset::open(root);  // the JSON and file list are fine
    const std::string msg = ds::test::errorText([&] { set.load(0); });
    QVERIFY2(contains(msg, depth.string()), msg.c_str());
  }
  void sizeDisagreementIsNamed() {
    REQUIRE_RGBD();
    const fs::path root = copyFrame("sizes");
    const fs::path json = root / "frame" / "intrinsics.json";
    editJson(json, [](nlohmann::json& j) { j["width"] = 641; });
    const std::string msg = ds::test::errorText([&] { RgbdDataset::open(root).load(0); });
    QVERIFY2(contains(msg, (root / "frame" / "rgb.png").string()) && contains(msg, "641"),
             msg.c_str());
  }
  void badValidMaskIsNamed() {
    REQUIRE_RGBD();
    const fs::path root = copyFrame("validMask");
    const fs::path valid = root / "frame" / "valid.png";
    cv::imwrite(valid.string(), cv::Mat(48, 64, CV_8U, cv::Scalar(255)));  // wrong size
    std::string msg = ds::test::errorText([&] { RgbdDataset::open(root).load(0); });
    QVERIFY2(contains(msg, valid.string()) && contains(msg, "64x48"), msg.c_str());
    cv::imwrite(valid.string(), cv::Mat(480, 640, CV_8UC3, cv::Scalar(255, 255, 255)));
    msg = ds::test::errorText([&] { RgbdDataset::open(root).load(0); });
    QVERIFY2(contains(msg, valid.string()) && contains(msg, "single-channel"), msg.c_str());
    // Without valid.png the convention's crop and range decide.
    fs::remove(valid);
    const auto f = RgbdDataset::open(root).load(0);
    QVERIFY(f.evalMask == f.convention().mask(f.gt));
  }
  void badRootsAreNamed() {
    const fs::path root = fs::path(tmp_.path().toStdString()) / "empty";
    fs::create_directories(root);
    std::string msg = ds::test::errorText([&] { RgbdDataset::open(root); });
    QVERIFY2(contains(msg, root.string()) && contains(msg, "no frame"), msg.c_str());
    msg = ds::test::errorText([&] { RgbdDataset::open(root / "nowhere"); });
    QVERIFY2(contains(msg, (root / "nowhere").string()), msg.c_str());
  }
};

QTEST_GUILESS_MAIN(tst_RgbdDataset)
#include "tst_RgbdDataset.moc"
