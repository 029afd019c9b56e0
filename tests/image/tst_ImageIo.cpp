#include <QtTest/QtTest>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/TestErrors.h"
#include "common/TestPaths.h"
#include "core/image/ExifOrientation.h"
#include "core/image/ImageIo.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace {

std::string encode(const std::string& ext, const cv::Mat& mat) {
  std::vector<uchar> bytes;
  if (!cv::imencode(ext, mat, bytes)) throw std::runtime_error("test setup: imencode failed");
  return std::string(bytes.begin(), bytes.end());
}

// A TIFF-structured EXIF block with one IFD0 entry: Orientation (0x0112, SHORT) = value.
std::string exifTiff(int orientation, bool bigEndian) {
  auto u16 = [&](int v) {
    return bigEndian ? std::string{char(v >> 8), char(v & 0xFF)}
                     : std::string{char(v & 0xFF), char(v >> 8)};
  };
  auto u32 = [&](uint32_t v) {
    return bigEndian ? u16(int(v >> 16)) + u16(int(v & 0xFFFF))
                     : u16(int(v & 0xFFFF)) + u16(int(v >> 16));
  };
  return std::string(bigEndian ? "MM" : "II") + u16(42) + u32(8) + u16(1) + u16(0x0112) + u16(3) +
         u32(1) + u16(orientation) + u16(0) + u32(0);
}

// A real JPEG with a hand-made APP1 "Exif" segment inserted right after SOI.
std::string jpegWithOrientation(const cv::Mat& bgr, int orientation, bool bigEndian) {
  const std::string jpeg = encode(".jpg", bgr);
  const std::string payload = std::string("Exif\0\0", 6) + exifTiff(orientation, bigEndian);
  const size_t length = payload.size() + 2;
  const std::string app1 =
      std::string("\xFF\xE1") + char(length >> 8) + char(length & 0xFF) + payload;
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

uint32_t crc32(const std::string& bytes) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k)
      c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

std::string pngChunk(const std::string& type, const std::string& data) {
  auto be32 = [](uint32_t v) {
    return std::string{char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF),
                       char(v & 0xFF)};
  };
  return be32(uint32_t(data.size())) + type + data + be32(crc32(type + data));
}

// 64 x 32 black with a red 16 x 16 block in the stored top-left corner.
cv::Mat markedImage() {
  cv::Mat bgr(32, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  bgr(cv::Rect(0, 0, 16, 16)).setTo(cv::Scalar(0, 0, 255));
  return bgr;
}

bool isRed(const ds::Image& image, int x, int y) {
  return image.at(x, y, 0) > 0.8f && image.at(x, y, 1) < 0.2f && image.at(x, y, 2) < 0.2f;
}

}  // namespace

class tst_ImageIo : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void exifOrientationIsHonoured() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "photo.jpg";

    ds::writeFileAtomically(path, jpegWithOrientation(markedImage(), 6, false));
    QCOMPARE(ds::readExifOrientation(ds::readFile(path)), 6);
    ds::Image turned = ds::readImage(path);  // 6: turn 90 degrees clockwise to view
    QCOMPARE(turned.width(), 32);
    QCOMPARE(turned.height(), 64);
    QVERIFY(isRed(turned, 31 - 4, 4));  // stored top-left -> top-right
    QVERIFY(!isRed(turned, 4, 4));

    ds::writeFileAtomically(path, jpegWithOrientation(markedImage(), 3, true));  // Motorola order
    ds::Image upsideDown = ds::readImage(path);
    QCOMPARE(upsideDown.width(), 64);
    QCOMPARE(upsideDown.height(), 32);
    QVERIFY(isRed(upsideDown, 63 - 4, 31 - 4));  // top-left -> bottom-right
    QVERIFY(!isRed(upsideDown, 4, 4));

    ds::writeFileAtomically(path, encode(".jpg", markedImage()));  // no EXIF: as stored
    QVERIFY(isRed(ds::readImage(path), 4, 4));
  }
  void brokenExifIsIgnored() {
    const std::string good = exifTiff(6, false);
    const auto* p = reinterpret_cast<const unsigned char*>(good.data());
    QCOMPARE(ds::exifOrientationFromTiff(p, good.size()), 6);
    QCOMPARE(ds::exifOrientationFromTiff(p, good.size() - 8), 1);  // entry cut off
    const std::string outOfRange = exifTiff(9, false);
    QCOMPARE(ds::exifOrientationFromTiff(reinterpret_cast<const unsigned char*>(outOfRange.data()),
                                         outOfRange.size()),
             1);
    std::string badOffset = good;
    badOffset[4] = char(0xF0);  // IFD0 far past the end
    QCOMPARE(ds::exifOrientationFromTiff(reinterpret_cast<const unsigned char*>(badOffset.data()),
                                         badOffset.size()),
             1);
    // A JPEG whose EXIF is garbage still loads, as stored.
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "odd.jpg";
    std::string jpeg = jpegWithOrientation(markedImage(), 6, false);
    jpeg[2 + 4 + 6] = 'X';  // break the TIFF byte-order mark
    ds::writeFileAtomically(path, jpeg);
    const ds::Image image = ds::readImage(path);
    QCOMPARE(image.width(), 64);
    QVERIFY(isRed(image, 4, 4));
  }
  void pngExifChunkIsHonoured() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "turned.png";
    const std::string png = encode(".png", markedImage());
    const size_t afterIhdr = 8 + 25;  // signature + IHDR chunk
    ds::writeFileAtomically(path, png.substr(0, afterIhdr) + pngChunk("eXIf", exifTiff(8, false)) +
                                      png.substr(afterIhdr));
    const ds::Image image = ds::readImage(path);  // 8: turn 90 degrees counter-clockwise
    QCOMPARE(image.width(), 32);
    QCOMPARE(image.height(), 64);
    QVERIFY(isRed(image, 4, 63 - 4));  // top-left -> bottom-left
  }
  void sixteenBitKeepsPrecision() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "g16.png";
    const cv::Mat grey = (cv::Mat_<uint16_t>(1, 4) << 0, 1, 1000, 65535);
    QVERIFY(cv::imwrite(path.string(), grey));
    const ds::Image image = ds::readImage(path);
    QCOMPARE(image.sourceBitDepth(), 16);
    QCOMPARE(image.channels(), 1);
    const int expected[] = {0, 1, 1000, 65535};
    for (int x = 0; x < 4; ++x)
      QCOMPARE(int(std::lround(image.at(x, 0) * 65535.0f)), expected[x]);
    // And writeImage keeps 16 bits for a 16-bit source.
    const fs::path copy = path.parent_path() / "copy.png";
    ds::writeImage(copy, image);
    const cv::Mat back = cv::imread(copy.string(), cv::IMREAD_UNCHANGED);
    QCOMPARE(back.type(), CV_16UC1);
    QCOMPARE(int(back.at<uint16_t>(0, 2)), 1000);
  }
  void rgbaKeepsAlphaAndRgbOrder() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "rgba.png";
    QVERIFY(
        cv::imwrite(path.string(), cv::Mat(2, 3, CV_8UC4, cv::Scalar(255, 0, 0, 128))));  // blue
    const ds::Image image = ds::readImage(path);
    QCOMPARE(image.channels(), 4);
    QCOMPARE(image.sourceBitDepth(), 8);
    QCOMPARE(image.at(1, 1, 2), 1.0f);  // blue is channel 2 in RGB
    QCOMPARE(image.at(1, 1, 0), 0.0f);
    QCOMPARE(int(std::lround(image.at(1, 1, 3) * 255.0f)), 128);
    const fs::path copy = path.parent_path() / "copy.png";
    ds::writeImage(copy, image);
    const cv::Mat back = cv::imread(copy.string(), cv::IMREAD_UNCHANGED);
    QCOMPARE(back.type(), CV_8UC4);
    QCOMPARE(int(back.at<cv::Vec4b>(1, 1)[3]), 128);
  }
  void greyAlphaPngKeepsAlpha() {
    // A hand-made 2 x 1 grey+alpha PNG (colour type 4), which OpenCV cannot write.
    auto be32 = [](uint32_t v) {
      return std::string{char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF),
                         char(v & 0xFF)};
    };
    const std::string ihdr = be32(2) + be32(1) + std::string("\x08\x04\x00\x00\x00", 5);
    const QByteArray row("\x00\x40\xFF\xC0\x80", 5);  // filter 0; (64, 255), (192, 128)
    const QByteArray zlib = qCompress(row).mid(4);    // drop Qt's 4-byte length prefix
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
                            pngChunk("IDAT", zlib.toStdString()) + pngChunk("IEND", "");
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "greyalpha.png";
    ds::writeFileAtomically(path, png);
    const ds::Image image = ds::readImage(path);
    QCOMPARE(image.channels(), 4);
    QCOMPARE(int(std::lround(image.at(0, 0, 0) * 255.0f)), 64);
    QCOMPARE(int(std::lround(image.at(0, 0, 2) * 255.0f)), 64);
    QCOMPARE(int(std::lround(image.at(1, 0, 1) * 255.0f)), 192);
    QCOMPARE(int(std::lround(image.at(1, 0, 3) * 255.0f)), 128);
  }
  void greyStaysOneChannel() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "grey.jpg";
    QVERIFY(cv::imwrite(path.string(), cv::Mat(8, 8, CV_8U, cv::Scalar(200))));
    const ds::Image image = ds::readImage(path);
    QCOMPARE(image.channels(), 1);
    QVERIFY(std::abs(image.at(3, 3) - 200.0f / 255.0f) < 2.0f / 255.0f);
  }
  void jpegWriteDropsAlpha() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "out.JPG";
    ds::Image rgba(8, 8, 4);
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 8; ++x) {
        rgba.at(x, y, 0) = 1.0f;
        rgba.at(x, y, 3) = 0.5f;
      }
    ds::writeImage(path, rgba);
    const ds::Image back = ds::readImage(path);
    QCOMPARE(back.channels(), 3);
    QVERIFY(isRed(back, 4, 4));
  }
  void realPngFrame() {
    const fs::path path = ds::test::sharedData() / "rgbd" / "open3d_tum" / "rgb.png";
    DS_REQUIRE_DATA(path);
    const ds::Image image = ds::readImage(path);
    QCOMPARE(image.width(), 640);
    QCOMPARE(image.height(), 480);
    QCOMPARE(image.channels(), 3);
  }
  void badFilesAreRefusedByName() {
    QTemporaryDir dir;
    const fs::path d(dir.path().toStdString());
    cv::Mat noise(48, 64, CV_8UC3);
    cv::randu(noise, 0, 255);
    const std::string jpeg = encode(".jpg", noise), png = encode(".png", noise);
    std::string zeroSize = png;
    std::fill(zeroSize.begin() + 16, zeroSize.begin() + 20, '\0');  // IHDR width = 0
    fs::create_directory(d / "folder.png");
    struct Case {
      const char* name;
      std::string bytes;  // not written when empty and the name has no '.'
      const char* expected;
    };
    const Case cases[] = {
        {"empty.png", "", "empty"},
        {"notes.png", "this is a text file, not an image\n", "not an image"},
        {"cut.jpg", jpeg.substr(0, jpeg.size() / 2), "truncated JPEG"},
        {"cut.png", png.substr(0, png.size() / 2), "truncated PNG"},
        {"nearly.png", png.substr(0, png.size() - 4), "truncated PNG"},  // only IEND's CRC missing
        {"zero.png", zeroSize, "zero size"},
    };
    for (const Case& c : cases) {
      std::ofstream(d / c.name, std::ios::binary) << c.bytes;
      const QString msg = ds::test::errorOf([&] { ds::readImage(d / c.name); });
      QVERIFY2(msg.contains(c.name) && msg.contains(c.expected), qPrintable(c.name + (": " + msg)));
    }
    QString msg = ds::test::errorOf([&] { ds::readImage(d / "missing.png"); });
    QVERIFY2(msg.contains("missing.png") && msg.contains("not found"), qPrintable(msg));
    msg = ds::test::errorOf([&] { ds::readImage(d / "folder.png"); });
    QVERIFY2(msg.contains("folder.png") && msg.contains("folder"), qPrintable(msg));
    // The complete files do read: the checks above are not refusing everything.
    std::ofstream(d / "whole.jpg", std::ios::binary) << jpeg;
    QCOMPARE(ds::readImage(d / "whole.jpg").width(), 64);
  }
  void writeErrors() {
    QTemporaryDir dir;
    const fs::path d(dir.path().toStdString());
    const ds::Image image(4, 4, 3);
    QString msg = ds::test::errorOf([&] { ds::writeImage(d / "out.gif", image); });
    QVERIFY2(msg.contains("out.gif") && msg.contains("unknown image extension"), qPrintable(msg));
    const fs::path unwritable = d / "no-such-folder" / "out.png";
    msg = ds::test::errorOf([&] { ds::writeImage(unwritable, image); });
    QVERIFY2(msg.contains(QString::fromStdString(unwritable.string())), qPrintable(msg));
    msg = ds::test::errorOf([&] { ds::writeImage(d / "empty.png", ds::Image()); });
    QVERIFY2(msg.contains("empty.png"), qPrintable(msg));
    QCOMPARE(ds::test::filesIn(d), size_t(0));
  }
  void extensionsIncludeCommonFormats() {
    const auto exts = ds::supportedImageExtensions();
    for (const char* e : {".png", ".jpg", ".jpeg", ".tif", ".bmp"})
      QVERIFY2(std::find(exts.begin(), exts.end(), e) != exts.end(), e);
  }
};

QTEST_GUILESS_MAIN(tst_ImageIo)
#include "tst_ImageIo.moc"
