#include <QtTest/QtTest>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "common/TestErrors.h"
#include "core/image/PfmFile.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace {

float floatAt(const std::string& bytes, size_t offset, bool bigEndian) {
  unsigned char b[4];
  std::memcpy(b, bytes.data() + offset, 4);
  if (bigEndian) std::swap(b[0], b[3]), std::swap(b[1], b[2]);
  float f;
  std::memcpy(&f, b, 4);
  return f;
}

std::string floatBytes(float f, bool bigEndian) {
  std::string s(4, '\0');
  std::memcpy(s.data(), &f, 4);
  if (bigEndian) std::swap(s[0], s[3]), std::swap(s[1], s[2]);
  return s;
}

}  // namespace

class tst_PfmFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void greyRoundTripKeepsRowOrder() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "disp.pfm";
    // 3 wide, 2 high, every value different so a flip or transpose shows.
    ds::PfmFile pfm{3, 2, 1, {0, 1, 2, 10, 11, 12}};
    pfm.values[1] = std::numeric_limits<float>::infinity();  // Middlebury's "unknown"
    pfm.write(path);
    const std::string bytes = ds::readFile(path);
    const std::string header = "Pf\n3 2\n-1.0\n";
    QCOMPARE(bytes.substr(0, header.size()), header);
    QCOMPARE(bytes.size(), header.size() + 6 * 4);
    // The file's first row is the image's bottom row.
    QCOMPARE(floatAt(bytes, header.size(), false), 10.0f);
    QCOMPARE(floatAt(bytes, header.size() + 3 * 4, false), 0.0f);

    const ds::PfmFile back = ds::PfmFile::read(path);
    QCOMPARE(back.width, 3);
    QCOMPARE(back.height, 2);
    QCOMPARE(back.channels, 1);
    QCOMPARE(back.values[0], 0.0f);
    QVERIFY(std::isinf(back.values[1]));
    QCOMPARE(back.values[5], 12.0f);
  }
  void readsHandMadeBigEndianColour() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "colour.pfm";
    // 1 wide, 2 high RGB, positive scale = big endian; bottom row (4, 5, 6) comes first.
    std::string bytes = "PF\n1 2\n1.0\n";
    for (float v : {4.0f, 5.0f, 6.0f, 1.0f, 2.0f, 3.0f})
      bytes += floatBytes(v, true);
    ds::writeFileAtomically(path, bytes);
    const ds::PfmFile pfm = ds::PfmFile::read(path);
    QCOMPARE(pfm.channels, 3);
    QCOMPARE(pfm.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  }
  void colourRoundTrip() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "c.pfm";
    const ds::PfmFile pfm{2, 3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}};
    pfm.write(path);
    QCOMPARE(ds::readFile(path).substr(0, 3), std::string("PF\n"));
    QCOMPARE(ds::PfmFile::read(path).values, pfm.values);
  }
  void windowsLineEndingIsAccepted() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "crlf.pfm";
    ds::writeFileAtomically(path, "Pf\r\n1 1\r\n-1.0\r\n" + floatBytes(2.5f, false));
    QCOMPARE(ds::PfmFile::read(path).values, std::vector<float>{2.5f});
  }
  void badFilesAreRefusedByName() {
    QTemporaryDir dir;
    const fs::path d(dir.path().toStdString());
    const std::string good = "Pf\n2 2\n-1.0\n" + std::string(16, '\0');
    struct Case {
      const char* name;
      std::string bytes;
      const char* expected;
    };
    const Case cases[] = {
        {"cut.pfm", good.substr(0, good.size() - 3), "truncated"},
        {"long.pfm", good + "xx", "wrong PFM data size"},
        {"p6.pfm", "P6\n2 2\n255\n", "not a PFM file"},
        {"zeroscale.pfm", "Pf\n2 2\n0\n" + std::string(16, '\0'), "scale"},
        {"badsize.pfm", "Pf\n2 -2\n-1\n" + std::string(16, '\0'), "positive integer"},
        {"empty.pfm", "", "empty"},
    };
    for (const Case& c : cases) {
      std::ofstream(d / c.name, std::ios::binary) << c.bytes;
      const QString msg = ds::test::errorOf([&] { ds::PfmFile::read(d / c.name); });
      QVERIFY2(msg.contains(c.name) && msg.contains(c.expected), qPrintable(c.name + (": " + msg)));
    }
  }
  void writeRefusesWrongSizeAndLeavesNothing() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "bad.pfm";
    const QString msg = ds::test::errorOf([&] { ds::PfmFile{2, 2, 1, {1, 2, 3}}.write(path); });
    QVERIFY2(msg.contains("bad.pfm"), qPrintable(msg));
    QVERIFY(!fs::exists(path));
  }
};

QTEST_GUILESS_MAIN(tst_PfmFile)
#include "tst_PfmFile.moc"
