#include <ATen/ATen.h>

#include <QtTest/QtTest>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "common/TestErrors.h"
#include "core/models/SafetensorsFile.h"
#include "core/util/AtomicWrite.h"

namespace fs = std::filesystem;
using ds::SafetensorsFile;

namespace {

std::string le64(uint64_t n) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i)
    out[size_t(i)] = char((n >> (8 * i)) & 0xff);
  return out;
}

// A file from a header text and data bytes, as another writer could lay it out.
std::string fileOf(const std::string& header, const std::string& data) {
  return le64(header.size()) + header + data;
}

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values)
    out += char(v);
  return out;
}

void writeBytes(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

// Bit-for-bit equality: also holds for NaN and tells -0.0 from 0.0.
bool sameBits(const at::Tensor& a, const at::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || !a.sizes().equals(b.sizes())) return false;
  const at::Tensor x = a.contiguous(), y = b.contiguous();
  return x.numel() == 0 ||
         std::memcmp(x.data_ptr(), y.data_ptr(), size_t(x.numel()) * x.element_size()) == 0;
}

at::Tensor seeded(at::IntArrayRef shape, uint64_t seed) {
  at::Generator g = at::detail::createCPUGenerator(seed);
  return at::randn(shape, g, at::TensorOptions().dtype(at::kFloat));
}

// Two F32 tensors of 4 values with the given offsets, over `dataBytes` bytes of data.
std::string twoTensorHeader(const std::string& a, const std::string& b) {
  return R"({"a":{"dtype":"F32","shape":[4],"data_offsets":)" + a +
         R"(},"b":{"dtype":"F32","shape":[4],"data_offsets":)" + b + "}}";
}

}  // namespace

class tst_SafetensorsFile : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  fs::path file(const std::string& name) const {
    return fs::path(dir_.path().toStdString()) / name;
  }

  // The error opening `content` gives; checks it names the file and, when given, the tensor.
  std::string openError(const std::string& content, const std::string& tensor = {}) {
    const fs::path path = file("corrupt.safetensors");
    writeBytes(path, content);
    const std::string msg = ds::test::errorText([&] { SafetensorsFile::open(path); });
    if (msg.empty()) QTest::qFail("a corrupt file opened without error", __FILE__, __LINE__);
    if (msg.find(path.string()) == std::string::npos)
      QTest::qFail(("error does not name the file: " + msg).c_str(), __FILE__, __LINE__);
    if (!tensor.empty() && msg.find("'" + tensor + "'") == std::string::npos)
      QTest::qFail(("error does not name tensor " + tensor + ": " + msg).c_str(), __FILE__,
                   __LINE__);
    return msg;
  }

  // A valid file with three tensors whose data follow each other: "big" I64 [3] at [0, 24),
  // "mid" F32 [2, 2] at [24, 40), "small" U8 [5] at [40, 45).
  std::string sampleFile() {
    const fs::path path = file("sample.safetensors");
    SafetensorsFile::write(path, {{"small", at::arange(5, at::kByte)},
                                  {"mid", at::ones({2, 2}, at::kFloat)},
                                  {"big", at::arange(3, at::kLong)}});
    return ds::readFile(path);
  }

 private Q_SLOTS:
  void roundTripKeepsEveryDtypeAndShapeExactly() {
    at::Tensor special = seeded({7}, 1);
    special[0] = std::numeric_limits<float>::quiet_NaN();
    special[1] = -0.0f;
    special[2] = std::numeric_limits<float>::infinity();
    special[3] = std::numeric_limits<float>::denorm_min();
    const std::vector<std::pair<std::string, at::Tensor>> tensors = {
        {"f32", seeded({3, 4, 5}, 2)},
        {"f32.special", special},
        {"f16", seeded({6}, 3).to(at::kHalf)},
        {"bf16", seeded({2, 3}, 4).to(at::kBFloat16)},
        {"f64", seeded({2, 2, 2}, 5).to(at::kDouble)},
        {"i64", at::tensor({std::numeric_limits<int64_t>::min(), int64_t(-1), int64_t(0),
                            std::numeric_limits<int64_t>::max()})},
        {"i32", at::tensor({std::numeric_limits<int32_t>::min(), -7, 123456789})},
        {"i16", at::tensor({-32768, -1, 32767}, at::kShort)},
        {"i8", at::tensor({-128, -1, 127}, at::kChar)},
        {"u8", at::arange(256, at::kByte).reshape({16, 16})},
        {"bool", at::tensor({1, 0, 0, 1, 1}, at::kByte).to(at::kBool)},
        {"scalar", at::scalar_tensor(3.25, at::kFloat)},
        {"empty", at::empty({0, 3}, at::kFloat)},
        {"empty.i64", at::empty({4, 0}, at::kLong)},
        {"large", seeded({513, 1031}, 6)},
        {"transposed", seeded({3, 5}, 7).t()},  // not contiguous: written as its values
    };
    const std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                         {"note", "depth – ünïcode"}};
    const fs::path path = file("all.safetensors");
    SafetensorsFile::write(path, tensors, metadata);

    const SafetensorsFile f = SafetensorsFile::open(path);
    QCOMPARE(f.names().size(), tensors.size());
    QCOMPARE(f.metadata(), metadata);
    for (const auto& [name, expected] : tensors) {
      const at::Tensor got = f.tensor(name);
      QVERIFY2(got.device().is_cpu(), name.c_str());
      QVERIFY2(sameBits(got, expected), name.c_str());
    }
    QCOMPARE(f.tensor("scalar").dim(), int64_t(0));
    QVERIFY(f.info("scalar").shape.empty());
    QCOMPARE(f.info("empty").begin, f.info("empty").end);
    QCOMPARE(f.info("f16").dtype, SafetensorsFile::Dtype::F16);
    QCOMPARE(f.info("bool").dtype, SafetensorsFile::Dtype::BOOL);
  }

  // The reference implementation's own serialisation tests (safetensors/src/tensor.rs:
  // test_serialization, test_serialization_forced_alignement, test_empty), byte for byte.
  void matchesTheReferenceWriterByteForByte() {
    const at::Tensor values = at::arange(6, at::kFloat);
    const std::string floatBytes =
        bytes({0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64});
    const fs::path path = file("reference.safetensors");

    SafetensorsFile::write(path, {{"attn.0", values.reshape({1, 2, 3})}});
    QCOMPARE(ds::readFile(path),
             bytes({64, 0, 0, 0, 0, 0, 0, 0}) +
                 R"({"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}})" +
                 floatBytes);

    // A 65-byte header is padded with 7 spaces so the data start 8-byte aligned.
    SafetensorsFile::write(path, {{"attn0", values.reshape({1, 1, 2, 3})}});
    QCOMPARE(ds::readFile(path),
             bytes({72, 0, 0, 0, 0, 0, 0, 0}) +
                 R"({"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}})" +
                 std::string(7, ' ') + floatBytes);

    SafetensorsFile::write(path, {});
    QCOMPARE(ds::readFile(path), bytes({8, 0, 0, 0, 0, 0, 0, 0}) + "{}" + std::string(6, ' '));
    SafetensorsFile::write(path, {}, {{"framework", "pt"}});
    QCOMPARE(ds::readFile(path), bytes({40, 0, 0, 0, 0, 0, 0, 0}) +
                                     R"({"__metadata__":{"framework":"pt"}})" +
                                     std::string(5, ' '));
  }

  // Layout rules written out by hand: descending dtype alignment then name, "__metadata__"
  // first, compact JSON, little-endian values.
  void layoutFollowsTheSpec() {
    const fs::path path = file("layout.safetensors");
    SafetensorsFile::write(path,
                           {{"b", at::tensor({int32_t(0x01020304)})},
                            {"a", at::tensor({int8_t(-2)}, at::kChar)},
                            {"h", at::tensor({1.0f}).to(at::kHalf)},
                            {"g", at::tensor({1.0f}).to(at::kBFloat16)},
                            {"c", at::tensor({int64_t(0x0102030405060708)})},
                            {"d", at::tensor({1.5f})}},
                           {{"z", "1"}, {"k", "2"}});
    const std::string header = R"({"__metadata__":{"k":"2","z":"1"},)"
                               R"("c":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},)"
                               R"("d":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},)"
                               R"("b":{"dtype":"I32","shape":[1],"data_offsets":[12,16]},)"
                               R"("g":{"dtype":"BF16","shape":[1],"data_offsets":[16,18]},)"
                               R"("h":{"dtype":"F16","shape":[1],"data_offsets":[18,20]},)"
                               R"("a":{"dtype":"I8","shape":[1],"data_offsets":[20,21]}})";
    const std::string padded = header + std::string((8 - header.size() % 8) % 8, ' ');
    const std::string data = bytes({8,    7,    6,    5,    4, 3, 2, 1,  // I64 0x0102030405060708
                                    0,    0,    0xc0, 0x3f,              // F32 1.5 = 0x3fc00000
                                    4,    3,    2,    1,                 // I32 0x01020304
                                    0x80, 0x3f,                          // BF16 1.0 = 0x3f80
                                    0x00, 0x3c,                          // F16 1.0 = 0x3c00
                                    0xfe});                              // I8 -2
    QCOMPARE(ds::readFile(path), le64(padded.size()) + padded + data);
    QCOMPARE(padded.size() % 8, size_t(0));
    const std::vector<std::string> dataOrder = {"c", "d", "b", "g", "h", "a"};
    QCOMPARE(SafetensorsFile::open(path).names(), dataOrder);
  }

  // What other writers may produce: any key order, metadata last, spaces and newlines, an
  // unpadded header (the reference's own doc example), extra keys in an entry.
  void readsFilesLaidOutDifferently() {
    const fs::path path = file("foreign.safetensors");
    writeBytes(path, fileOf(R"({"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}})",
                            std::string(16, '\0')));
    QCOMPARE(SafetensorsFile::open(path).tensor("test").sum().item<int64_t>(), int64_t(0));

    const std::string header =
        "{ \"z\" : {\"data_offsets\": [0, 2], \"shape\": [2],\n"
        "  \"dtype\": \"U8\", \"extra\": true},\n"
        " \"y\": {\"shape\": [], \"dtype\": \"I16\", \"data_offsets\": [2, 4]},"
        " \"__metadata__\": {\"by\": \"hand\"} }\n   ";
    writeBytes(path, fileOf(header, bytes({9, 250, 0xff, 0x7f})));
    const SafetensorsFile f = SafetensorsFile::open(path);
    QCOMPARE(f.tensor("z")[1].item<int64_t>(), int64_t(250));
    QCOMPARE(f.tensor("y").item<int64_t>(), int64_t(32767));
    QCOMPARE(f.metadata().at("by"), std::string("hand"));
    const std::vector<std::string> order = {"z", "y"};
    QCOMPARE(f.names(), order);
  }

  void boolBytesOtherThanOneAreTrue() {
    const fs::path path = file("bool.safetensors");
    writeBytes(path, fileOf(R"({"m":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}})",
                            bytes({0, 1, 7})));
    const at::Tensor m = SafetensorsFile::open(path).tensor("m");
    QCOMPARE(m.scalar_type(), at::kBool);
    QVERIFY(at::equal(m, at::tensor({0, 1, 1}, at::kByte).to(at::kBool)));
  }

  void truncatedFilesAreRefused() {
    const std::string good = sampleFile();
    const uint64_t dataStart = good.size() - 45;
    for (size_t cut : {size_t(0), size_t(5), size_t(7)})
      QVERIFY(openError(good.substr(0, cut)).find("too short") != std::string::npos);
    for (size_t cut : {size_t(8), size_t(9), size_t(dataStart - 1)})
      QVERIFY(openError(good.substr(0, cut)).find("runs past the end") != std::string::npos);
    // Cut in the data: the first tensor (in data order) the cut reaches is named.
    QVERIFY(openError(good.substr(0, dataStart), "big").find("beyond the end") !=
            std::string::npos);
    openError(good.substr(0, dataStart + 30), "mid");
    openError(good.substr(0, dataStart + 40), "small");
    openError(good.substr(0, good.size() - 1), "small");
    // Data appended after the last tensor is a hole at the end.
    QVERIFY(openError(good + "xyz", "small").find("the last 3 bytes") != std::string::npos);
  }

  void corruptHeaderLengthIsRefused() {
    const std::string good = sampleFile();
    QVERIFY(openError(le64(uint64_t(1) << 40) + good.substr(8)).find("limit") != std::string::npos);
    QVERIFY(openError(le64(good.size()) + good.substr(8)).find("runs past the end") !=
            std::string::npos);
    // Shorter: the header ends inside the JSON.
    QVERIFY(openError(le64(20) + good.substr(8)).find("not valid JSON") != std::string::npos);
  }

  void flippedHeaderBytesAreRefused() {
    const std::string good = sampleFile();
    const size_t headerEnd = good.size() - 45;
    // Replaces text in the header and keeps the length field right, so only the edit is wrong.
    auto edited = [&](const std::string& from, const std::string& to) {
      std::string header = good.substr(8, headerEnd - 8);
      const size_t at = header.find(from);
      if (at == std::string::npos) QTest::qFail("pattern not in header", __FILE__, __LINE__);
      return fileOf(header.replace(at, from.size(), to), good.substr(headerEnd));
    };
    std::string s = good;
    s[8] = '[';
    QVERIFY(openError(s).find("does not start with '{'") != std::string::npos);
    QVERIFY(openError(edited("\"mid\":{", "\"mid\":[")).find("not valid JSON") !=
            std::string::npos);
    QVERIFY(openError(edited("\"F32\"", "\"F3X\""), "mid").find("'F3X'") != std::string::npos);
    QVERIFY(openError(edited("\"shape\":[2,2]", "\"shape\":[2,3]"), "mid").find("span 16") !=
            std::string::npos);
    openError(edited("\"dtype\":\"F32\"", "\"dtypf\":\"F32\""), "mid");
    openError(edited("\"shape\":[3]", "\"shape\":[-3]"), "big");
    openError(edited("\"shape\":[3]", "\"shape\":[3.0]"), "big");
    openError(edited("\"shape\":[3]", "\"shape\":3 "), "big");
    openError(edited("\"data_offsets\":[0,24]", "\"data_offsets\":[0, 24,0]"), "big");
    openError(edited("\"dtype\":\"I64\"", "\"dtype\":\"U64\""), "big");
    // A name byte flipped into invalid UTF-8.
    QVERIFY(openError(edited("\"big\"", std::string("\"b\xff") + "g\"")).find("JSON") !=
            std::string::npos);
  }

  // Every single-bit flip in the header either still describes a valid file (a flipped letter
  // in a name) or is refused with a ds::Error naming the file: never a crash or a bad read.
  void everyHeaderBitFlipIsHarmlessOrNamed() {
    const std::string good = sampleFile();
    const size_t headerEnd = good.size() - 45;
    const fs::path path = file("flipped.safetensors");
    int refused = 0;
    for (size_t i = 8; i < headerEnd; ++i)
      for (int bit : {0, 3, 6}) {
        std::string s = good;
        s[i] = char(s[i] ^ (1 << bit));
        writeBytes(path, s);
        try {
          const SafetensorsFile f = SafetensorsFile::open(path);
          for (const std::string& name : f.names())
            f.tensor(name);
        } catch (const ds::Error& e) {
          ++refused;
          QVERIFY2(std::string(e.what()).find(path.string()) != std::string::npos, e.what());
        }
      }
    QVERIFY(refused > 0);
  }

  void editedOffsetsAreRefused() {
    const std::string data24(24, '\0');
    QVERIFY(openError(fileOf(twoTensorHeader("[0,16]", "[8,24]"), data24), "b").find("overlap") !=
            std::string::npos);
    QVERIFY(openError(fileOf(twoTensorHeader("[0,16]", "[0,16]"), data24), "a").find("overlap") !=
            std::string::npos);
    QVERIFY(openError(fileOf(twoTensorHeader("[0,16]", "[20,36]"), std::string(36, '\0')), "b")
                .find("hole before tensor 'b'") != std::string::npos);
    QVERIFY(openError(fileOf(twoTensorHeader("[4,20]", "[20,36]"), std::string(36, '\0')), "a")
                .find("hole") != std::string::npos);
    QVERIFY(openError(fileOf(twoTensorHeader("[0,16]", "[16,32]"), data24), "b")
                .find("beyond the end") != std::string::npos);
    QVERIFY(openError(fileOf(twoTensorHeader("[16,0]", "[16,32]"), std::string(32, '\0')), "a")
                .find("end before they begin") != std::string::npos);
    QVERIFY(openError(fileOf(twoTensorHeader("[0,12]", "[12,28]"), std::string(28, '\0')), "a")
                .find("16 bytes") != std::string::npos);
    openError(fileOf(twoTensorHeader("[0,16]", "[16]"), std::string(32, '\0')), "b");
    openError(fileOf(twoTensorHeader("[0,16]", "[16,-32]"), std::string(32, '\0')), "b");
    openError(fileOf(twoTensorHeader("[0,16]", "[16,32.5]"), std::string(32, '\0')), "b");
    // An empty tensor inside another one's bytes overlaps it.
    openError(fileOf(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                     R"("e":{"dtype":"F32","shape":[0],"data_offsets":[8,8]}})",
                     std::string(16, '\0')),
              "e");
    QVERIFY(openError(fileOf("{}", "data")).find("declares no tensors") != std::string::npos);
  }

  void duplicateKeysAndBadMetadataAreRefused() {
    const std::string entry = R"({"dtype":"U8","shape":[1],"data_offsets":[0,1]})";
    QVERIFY(openError(fileOf(R"({"a":)" + entry + R"(,"a":)" + entry + "}", "x"), "a")
                .find("more than once") != std::string::npos);
    QVERIFY(
        openError(
            fileOf(R"({"a":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}})", "x"),
            "dtype")
            .find("more than once") != std::string::npos);
    QVERIFY(openError(fileOf(R"({"__metadata__":{"k":1},"a":)" + entry + "}", "x"), "k")
                .find("not a string") != std::string::npos);
    openError(fileOf(R"({"__metadata__":["k"],"a":)" + entry + "}", "x"));
    openError(fileOf(R"({"a":[1]})", ""), "a");
  }

  void unknownNamesAreErrorsNamingTheTensor() {
    sampleFile();
    const fs::path path = file("sample.safetensors");
    const SafetensorsFile f = SafetensorsFile::open(path);
    for (const std::string& msg : {ds::test::errorText([&] { f.info("nope"); }),
                                   ds::test::errorText([&] { f.tensor("nope"); })}) {
      QVERIFY2(msg.find(path.string()) != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("'nope'") != std::string::npos, msg.c_str());
    }
    QVERIFY(!f.contains("nope"));
    QVERIFY(f.contains("mid"));
    const std::string missing =
        ds::test::errorText([&] { SafetensorsFile::open(file("absent.safetensors")); });
    QVERIFY2(missing.find("absent.safetensors") != std::string::npos, missing.c_str());
  }

  void fileChangedAfterOpenIsAnError() {
    const std::string good = sampleFile();
    const fs::path path = file("sample.safetensors");
    const SafetensorsFile f = SafetensorsFile::open(path);
    writeBytes(path, good.substr(0, good.size() - 10));
    const std::string msg = ds::test::errorText([&] { f.tensor("small"); });
    QVERIFY2(
        msg.find(path.string()) != std::string::npos && msg.find("'small'") != std::string::npos,
        msg.c_str());
  }

  void badWritesAreRefusedAndLeaveNothing() {
    QTemporaryDir out;
    const fs::path path = fs::path(out.path().toStdString()) / "w.safetensors";
    const at::Tensor t = at::ones({2});
    auto refused = [&](const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::string& expected) {
      const std::string msg = ds::test::errorText([&] { SafetensorsFile::write(path, tensors); });
      QVERIFY2(msg.find(path.string()) != std::string::npos, msg.c_str());
      QVERIFY2(msg.find(expected) != std::string::npos, msg.c_str());
      QCOMPARE(ds::test::filesIn(out.path().toStdString()), size_t(0));
    };
    refused({{"x", t}, {"x", t}}, "'x'");
    refused({{"__metadata__", t}}, "reserved");
    refused({{"u", at::Tensor()}}, "'u'");
    refused({{"c", at::ones({2}, at::kComplexFloat)}}, "'c'");
    refused({{std::string("bad\xff"), t}}, "UTF-8");
    const std::string msg = ds::test::errorText([&] {
      SafetensorsFile::write("/nonexistent-folder/w.safetensors", {{"x", t}});
    });
    QVERIFY2(msg.find("/nonexistent-folder/w.safetensors") != std::string::npos, msg.c_str());
  }
};

QTEST_GUILESS_MAIN(tst_SafetensorsFile)
#include "tst_SafetensorsFile.moc"
