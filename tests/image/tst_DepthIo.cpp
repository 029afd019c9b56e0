#include <QtTest/QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/TestErrors.h"
#include "common/TestPaths.h"
#include "core/image/DepthIo.h"
#include "core/image/NpyFile.h"
#include "core/image/PfmFile.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using ds::DepthKind;
using ds::DepthMap;

namespace {

// 5 x 4, every value different, three invalid pixels: a zero, a NaN, and one with a stale value.
DepthMap sampleDepth(DepthKind kind) {
  std::vector<float> values(20);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = 0.5f + 0.37f * float(i);
  std::vector<uint8_t> valid(20, 1);
  values[3] = 0.0f;
  valid[3] = 0;
  values[7] = std::numeric_limits<float>::quiet_NaN();
  valid[7] = 0;
  valid[12] = 0;  // value 4.94 but marked invalid (e.g. outside the crop)
  return DepthMap(5, 4, kind, values, valid);
}

// Same size and mask, and every valid value within `tolerance`.
void compareDepth(const DepthMap& a, const DepthMap& b, float tolerance) {
  QCOMPARE(b.width(), a.width());
  QCOMPARE(b.height(), a.height());
  QVERIFY(b.kind() == a.kind());
  QCOMPARE(b.validMask(), a.validMask());
  for (size_t i = 0; i < a.pixelCount(); ++i)
    if (a.validMask()[i])
      QVERIFY2(
          std::abs(a.values()[i] - b.values()[i]) <= tolerance,
          qPrintable(QString("pixel %1: %2 vs %3").arg(i).arg(a.values()[i]).arg(b.values()[i])));
}

}  // namespace

class tst_DepthIo : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void floatFormatsRoundTripExactly_data() {
    QTest::addColumn<QString>("ext");
    QTest::addColumn<int>("kind");
    for (const char* ext : {".exr", ".pfm", ".npy"})
      for (DepthKind k :
           {DepthKind::MetricDepth, DepthKind::RelativeDepth, DepthKind::RelativeInverseDepth})
        QTest::newRow(qPrintable(ext + QString("/") + QString::fromStdString(ds::toString(k))))
            << QString(ext) << int(k);
  }
  void floatFormatsRoundTripExactly() {
    QFETCH(QString, ext);
    QFETCH(int, kind);
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / ("depth" + ext.toStdString());
    const DepthMap depth = sampleDepth(DepthKind(kind));
    const ds::DepthWriteInfo info = ds::writeDepth(path, depth);
    QCOMPARE(info.pngScale, 0.0);
    QCOMPARE(ds::test::filesIn(path.parent_path()), size_t(1));
    ds::DepthReadOptions options;
    options.kind = DepthKind(kind);
    compareDepth(depth, ds::readDepth(path, options), 0.0f);
  }
  void pngRoundTripsWithinQuantisation() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "depth.png";
    const DepthMap depth = sampleDepth(DepthKind::MetricDepth);
    const ds::DepthWriteInfo info = ds::writeDepth(path, depth);
    QCOMPARE(info.pngScale, 1000.0);  // the metric default: millimetres
    compareDepth(depth, ds::readDepth(path), 0.5f / 1000.0f + 1e-6f);
  }
  void relativePngGetsAutomaticScale() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "rel.png";
    for (DepthKind kind : {DepthKind::RelativeDepth, DepthKind::RelativeInverseDepth}) {
      const DepthMap depth = sampleDepth(kind);  // largest valid value 0.5 + 0.37 * 19 = 7.53
      const ds::DepthWriteInfo info = ds::writeDepth(path, depth);
      QVERIFY(std::abs(info.pngScale - 65000.0 / 7.53) < 1e-2);
      const cv::Mat stored = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
      QCOMPARE(stored.type(), CV_16UC1);
      QCOMPARE(int(stored.at<uint16_t>(3, 4)), 65000);
      ds::DepthReadOptions options;
      options.kind = kind;
      options.pngScale = info.pngScale;
      compareDepth(depth, ds::readDepth(path, options), float(0.5 / info.pngScale) + 1e-6f);
    }
  }
  void inverseDepthZeroStaysValidInFloatFiles() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "inv.npy";
    const DepthMap inverse(2, 1, DepthKind::RelativeInverseDepth, {0.0f, 0.5f});  // 0 = far away
    ds::writeDepth(path, inverse);
    ds::DepthReadOptions options;
    options.kind = DepthKind::RelativeInverseDepth;
    QCOMPARE(ds::readDepth(path, options).validCount(), size_t(2));
    options.kind = DepthKind::MetricDepth;  // as depth, 0 means no data
    QCOMPARE(ds::readDepth(path, options).validCount(), size_t(1));
  }
  void pngAtScale1000ReadsMetres() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "mm.png";
    cv::Mat mm = (cv::Mat_<uint16_t>(1, 3) << 1500, 0, 65535);
    QVERIFY(cv::imwrite(path.string(), mm));
    const DepthMap depth = ds::readDepth(path);
    QCOMPARE(depth.at(0, 0), 1.5f);
    QVERIFY(!depth.isValid(1, 0));  // 0 = no data
    QCOMPARE(depth.at(2, 0), 65.535f);
    ds::DepthReadOptions kitti;
    kitti.pngScale = 256.0;
    QCOMPARE(ds::readDepth(path, kitti).at(0, 0), float(1500.0 / 256.0));
  }
  void realTumDepthFrame() {
    const fs::path path = ds::test::sharedData() / "rgbd" / "open3d_tum" / "depth.png";
    DS_REQUIRE_DATA(path);
    const DepthMap depth = ds::readDepth(path);  // scale 1000
    QCOMPARE(depth.width(), 640);
    QCOMPARE(depth.height(), 480);
    QVERIFY(depth.validCount() > depth.pixelCount() / 2);
    // A desk about 2.4 m away, the far background through an opening at up to 9.3 m: every value
    // inside the sensor's indoor range, none the few-centimetre values a wrong scale would give.
    const auto [lo, hi] = depth.validRange();
    QVERIFY2(lo >= 0.3f && hi <= 10.0f, qPrintable(QString("%1..%2 m").arg(lo).arg(hi)));
    const float median = depth.validQuantile(0.5);
    QVERIFY2(median > 1.0f && median < 4.0f, qPrintable(QString("median %1 m").arg(median)));
  }
  void eightBitPngIsRefused() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "eight.png";
    QVERIFY(cv::imwrite(path.string(), cv::Mat(4, 4, CV_8U, cv::Scalar(100))));
    const QString msg = ds::test::errorOf([&] { ds::readDepth(path); });
    QVERIFY2(msg.contains("eight.png") && msg.contains("16-bit"), qPrintable(msg));
  }
  void colourPngIsRefused() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "rgb16.png";
    QVERIFY(cv::imwrite(path.string(), cv::Mat(4, 4, CV_16UC3, cv::Scalar(1, 2, 3))));
    const QString msg = ds::test::errorOf([&] { ds::readDepth(path); });
    QVERIFY2(msg.contains("rgb16.png") && msg.contains("3 channels"), qPrintable(msg));
  }
  void differingChannelsAreRefused() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "colour.pfm";
    ds::PfmFile{1, 1, 3, {1, 2, 3}}.write(path);
    const QString msg = ds::test::errorOf([&] { ds::readDepth(path); });
    QVERIFY2(msg.contains("colour.pfm") && msg.contains("different channels"), qPrintable(msg));
    ds::PfmFile{1, 1, 3, {2, 2, 2}}.write(path);  // the same depth repeated is fine
    QCOMPARE(ds::readDepth(path).at(0, 0), 2.0f);
  }
  void npyThatIsNotAnImageIsRefused() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "stack.npy";
    ds::NpyFile::writeFloat32(path, {2, 2, 2}, std::vector<float>(8, 1.0f));
    const QString msg = ds::test::errorOf([&] { ds::readDepth(path); });
    QVERIFY2(msg.contains("stack.npy") && msg.contains("(2, 2, 2)"), qPrintable(msg));
  }
  void unknownExtensionListsSupported() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "depth.tiff";
    for (const QString& msg :
         {ds::test::errorOf([&] { ds::readDepth(path); }),
          ds::test::errorOf([&] { ds::writeDepth(path, sampleDepth(DepthKind::MetricDepth)); })})
      QVERIFY2(msg.contains("depth.tiff") && msg.contains(".png, .exr, .pfm, .npy"),
               qPrintable(msg));
    QVERIFY(!fs::exists(path));
  }
  void overflowIsAnErrorAndLeavesNoFile() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "far.png";
    const DepthMap far(2, 1, DepthKind::MetricDepth, {1.0f, 70.0f});  // 70 m * 1000 > 65535
    QString msg = ds::test::errorOf([&] { ds::writeDepth(path, far); });
    QVERIFY2(msg.contains("far.png") && msg.contains("16 bits"), qPrintable(msg));
    QCOMPARE(ds::test::filesIn(path.parent_path()), size_t(0));
    ds::DepthWriteOptions options;
    options.pngScale = 256.0;  // 70 m fits at KITTI's scale
    QCOMPARE(ds::writeDepth(path, far, options).pngScale, 256.0);
    const DepthMap negative(2, 1, DepthKind::RelativeDepth, {-1.0f, 1.0f}, {1, 1});
    msg = ds::test::errorOf([&] { ds::writeDepth(path, negative); });
    QVERIFY2(msg.contains("far.png") && msg.contains("negative"), qPrintable(msg));
  }
  void unwritableFolderLeavesNothing() {
    QTemporaryDir dir;
    const fs::path missing = fs::path(dir.path().toStdString()) / "no-such-folder";
    for (const char* ext : {".png", ".exr", ".pfm", ".npy"}) {
      const fs::path path = missing / (std::string("d") + ext);
      const QString msg =
          ds::test::errorOf([&] { ds::writeDepth(path, sampleDepth(DepthKind::MetricDepth)); });
      QVERIFY2(msg.contains(QString::fromStdString(path.string())), qPrintable(msg));
    }
    QCOMPARE(ds::test::filesIn(dir.path().toStdString()), size_t(0));
  }
  void missingAndBadOptions() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "missing.exr";
    const QString msg = ds::test::errorOf([&] { ds::readDepth(path); });
    QVERIFY2(msg.contains("missing.exr") && msg.contains("not found"), qPrintable(msg));
    ds::DepthReadOptions read;
    read.pngScale = 0.0;
    QVERIFY_THROWS_EXCEPTION(ds::Error, read.check());
    ds::DepthWriteOptions write;
    write.pngScale = -1.0;
    QVERIFY_THROWS_EXCEPTION(ds::Error, write.check());
    QVERIFY_THROWS_EXCEPTION(ds::Error, ds::writeDepth(fs::path(dir.path().toStdString()) / "x.png",
                                                       sampleDepth(DepthKind::MetricDepth), write));
  }
};

QTEST_GUILESS_MAIN(tst_DepthIo)
#include "tst_DepthIo.moc"
