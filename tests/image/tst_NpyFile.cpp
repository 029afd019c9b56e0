#include <QtTest/QtTest>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/TestErrors.h"
#include "core/image/NpyFile.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace {

// An .npy file laid out as numpy.save writes it (header padded to a multiple of 64 bytes).
std::string npyBytes(const std::string& descr, bool fortran, const std::string& shape,
                     const std::string& data, int major = 1) {
  // A structured dtype is a list literal, not a quoted string.
  const std::string d = descr[0] == '[' ? descr : "'" + descr + "'";
  std::string dict = "{'descr': " + d + ", 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': " + shape + ", }";
  const size_t prefix = major == 1 ? 10 : 12;
  dict.append((64 - (prefix + dict.size() + 1) % 64) % 64, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += char(major);
  out += '\0';
  const size_t n = dict.size();
  out += char(n & 0xFF);
  out += char((n >> 8) & 0xFF);
  if (major > 1) out += std::string(2, '\0');
  return out + dict + data;
}

template <typename T>
std::string rawLittle(std::initializer_list<T> values) {
  std::string s;
  for (T v : values) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));  // the test machine is little endian (x86-64 / arm64)
    s.append(b, sizeof(T));
  }
  return s;
}

}  // namespace

class tst_NpyFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writerMatchesNumpyLayout() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "a.npy";
    ds::NpyFile::writeFloat32(path, {2, 3}, {0, 1, 2, 3, 4, 5});
    const std::string expected =
        npyBytes("<f4", false, "(2, 3)", rawLittle<float>({0, 1, 2, 3, 4, 5}));
    QCOMPARE(ds::readFile(path), expected);
    QCOMPARE(expected.size(), size_t(128 + 24));  // numpy: 128-byte header for this array
  }
  void readsEveryDtype() {
    QTemporaryDir dir;
    const fs::path d(dir.path().toStdString());
    struct Case {
      const char* descr;
      std::string data;
      std::vector<float> expected;
    };
    const Case cases[] = {
        {"<f4", rawLittle<float>({1.5f, -2.0f}), {1.5f, -2.0f}},
        {"<f8", rawLittle<double>({0.25, 1e10}), {0.25f, 1e10f}},
        {"<u2", rawLittle<uint16_t>({65535, 7}), {65535.0f, 7.0f}},
        {"|u1", rawLittle<uint8_t>({255, 3}), {255.0f, 3.0f}},
        {"<i4", rawLittle<int32_t>({-100000, 42}), {-100000.0f, 42.0f}},
        {"<i2", rawLittle<int16_t>({-32768, 5}), {-32768.0f, 5.0f}},
        {"<u4", rawLittle<uint32_t>({4000000000u, 1}), {4000000000.0f, 1.0f}},
        {"<i8", rawLittle<int64_t>({-3, 1LL << 40}), {-3.0f, float(1LL << 40)}},
        {"|b1", rawLittle<uint8_t>({1, 0}), {1.0f, 0.0f}},
        {"<f2", rawLittle<uint16_t>({0x3C00, 0xC000}), {1.0f, -2.0f}},  // half 1.0, -2.0
    };
    for (const Case& c : cases) {
      const fs::path path = d / "t.npy";
      ds::writeFileAtomically(path, npyBytes(c.descr, false, "(2,)", c.data));
      const ds::NpyFile npy = ds::NpyFile::read(path);
      QCOMPARE(npy.dtype, std::string(c.descr));
      QCOMPARE(npy.shape, std::vector<size_t>{2});
      QVERIFY2(npy.values == c.expected, c.descr);
    }
  }
  void fortranOrderBecomesCOrder() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "f.npy";
    // np.asfortranarray(np.arange(6).reshape(2, 3)) stores columns: 0 3 1 4 2 5.
    ds::writeFileAtomically(path,
                            npyBytes("<f4", true, "(2, 3)", rawLittle<float>({0, 3, 1, 4, 2, 5})));
    const ds::NpyFile npy = ds::NpyFile::read(path);
    QCOMPARE(npy.values, (std::vector<float>{0, 1, 2, 3, 4, 5}));
    QCOMPARE(npy.imageSize()->first, 2);
    QCOMPARE(npy.imageSize()->second, 3);
  }
  void versionsTwoAndThree() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "v.npy";
    for (int major : {2, 3}) {
      ds::writeFileAtomically(path,
                              npyBytes("<f4", false, "(1, 2)", rawLittle<float>({7, 8}), major));
      const ds::NpyFile npy = ds::NpyFile::read(path);
      QCOMPARE(npy.values, (std::vector<float>{7, 8}));
      QCOMPARE(*npy.imageSize(), std::make_pair(1, 2));
    }
  }
  void imageShapes() {
    ds::NpyFile npy;
    npy.shape = {4, 5};
    QCOMPARE(*npy.imageSize(), std::make_pair(4, 5));
    npy.shape = {1, 4, 5};
    QCOMPARE(*npy.imageSize(), std::make_pair(4, 5));
    npy.shape = {4, 5, 1};
    QCOMPARE(*npy.imageSize(), std::make_pair(4, 5));
    npy.shape = {3, 4, 5};
    QVERIFY(!npy.imageSize());
    npy.shape = {20};
    QVERIFY(!npy.imageSize());
  }
  void uint8MaskRoundTrip() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "mask.npy";
    ds::NpyFile::writeUint8(path, {1, 3}, {0, 1, 255});
    const ds::NpyFile npy = ds::NpyFile::read(path);
    QCOMPARE(npy.dtype, std::string("|u1"));
    QCOMPARE(npy.values, (std::vector<float>{0, 1, 255}));
  }
  void badFilesAreRefusedByName() {
    QTemporaryDir dir;
    const fs::path d(dir.path().toStdString());
    const std::string four = rawLittle<float>({1, 2, 3, 4});
    const std::string good = npyBytes("<f4", false, "(2, 2)", four);
    struct Case {
      const char* name;
      std::string bytes;
      const char* expected;
    };
    const Case cases[] = {
        {"big.npy", npyBytes(">f4", false, "(2, 2)", four), "big-endian"},
        {"object.npy", npyBytes("|O", false, "(2, 2)", four), "objects"},
        {"record.npy", npyBytes("[('a', '<f4')]", false, "(2, 2)", four), "structured"},
        {"complex.npy", npyBytes("<c8", false, "(2,)", four), "unsupported dtype"},
        {"cut.npy", good.substr(0, good.size() - 5), "truncated"},
        {"long.npy", good + "abcd", "wrong data size"},
        {"header.npy", good.substr(0, 40), "truncated"},
        {"text.npy", "hello, not numpy", "not a .npy file"},
        {"empty.npy", "", "empty"},
        {"version.npy", "\x93NUMPY\x09" + good.substr(7), "version"},
    };
    for (const Case& c : cases) {
      std::ofstream(d / c.name, std::ios::binary) << c.bytes;
      const QString msg = ds::test::errorOf([&] { ds::NpyFile::read(d / c.name); });
      QVERIFY2(msg.contains(c.name) && msg.contains(c.expected), qPrintable(c.name + (": " + msg)));
    }
  }
  void writeRefusesWrongSize() {
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "w.npy";
    const QString msg = ds::test::errorOf([&] {
      ds::NpyFile::writeFloat32(path, {2, 2}, {1, 2, 3});
    });
    QVERIFY2(msg.contains("w.npy"), qPrintable(msg));
    QVERIFY(!fs::exists(path));
  }
};

QTEST_GUILESS_MAIN(tst_NpyFile)
#include "tst_NpyFile.moc"
