#include <QtTest/QtTest>

#include "ModelTestFiles.h"
#include "core/models/OnnxGraphSignature.h"
#include "core/util/Error.h"

using ds::OnnxGraphSignature;

namespace {

// Protobuf wire-format writers, enough to build small ONNX models by hand.
std::string varint(uint64_t v) {
  std::string out;
  do {
    out.push_back(char((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
    v >>= 7;
  } while (v);
  return out;
}
std::string bytesField(int field, const std::string& payload) {
  return varint(uint64_t(field) << 3 | 2) + varint(payload.size()) + payload;
}
std::string varintField(int field, uint64_t v) {
  return varint(uint64_t(field) << 3) + varint(v);
}

// ValueInfoProto with a tensor type whose dims are numbers (> 0) or names.
std::string valueInfo(const std::string& name, const std::vector<std::string>& dims) {
  std::string shape;
  for (const std::string& d : dims)
    shape += bytesField(1, std::isdigit(static_cast<unsigned char>(d[0]))
                               ? varintField(1, std::stoull(d))
                               : bytesField(2, d));
  const std::string tensorType = varintField(1, 1) + bytesField(2, shape);  // elem_type FLOAT
  return bytesField(1, name) + bytesField(2, bytesField(1, tensorType));
}

std::string model(const std::string& graph) {
  return varintField(1, 7) + bytesField(2, "hand") + bytesField(7, graph) +
         bytesField(8, varintField(2, 11));
}

std::string smallGraph() {
  // An initializer listed among the inputs (as old exporters do) must not count as an input.
  const std::string weight =
      varintField(1, 4) + bytesField(8, "conv.weight") + bytesField(9, "raw");
  return bytesField(1, "node-bytes") + bytesField(5, weight) +
         bytesField(11, valueInfo("image", {"batch", "3", "height", "width"})) +
         bytesField(11, valueInfo("conv.weight", {"4"})) +
         bytesField(12, valueInfo("depth", {"1", "1", "240", "320"}));
}

}  // namespace

class tst_OnnxGraphSignature : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsTheRealModel() {
    DS_REQUIRE_FILE(ds::test::pydnetOnnx());
    const auto sig =
        OnnxGraphSignature::parse(ds::readFile(ds::test::pydnetOnnx()), ds::test::pydnetOnnx());
    QCOMPARE(sig.inputs().size(), size_t(1));
    QCOMPARE(sig.inputs()[0].name, std::string("im0_nchw_rgb01"));
    QCOMPARE(sig.inputs()[0].shapeText(), std::string("[1,3,448,640]"));
    QVERIFY(sig.findOutput("pred_half"));
    QCOMPARE(sig.findOutput("pred_half")->dims, (std::vector<int64_t>{1, 1, 448, 640}));
    QVERIFY(sig.findOutput("pred_quarter"));
    QVERIFY(!sig.findOutput("im0_nchw_rgb01"));
  }

  void symbolicDimsAndInitializers() {
    const auto sig = OnnxGraphSignature::parse(model(smallGraph()), "hand.onnx");
    QCOMPARE(sig.inputs().size(), size_t(1));  // conv.weight is an initializer
    const auto* in = sig.findInput("image");
    QVERIFY(in && in->hasShape);
    QCOMPARE(in->dims, (std::vector<int64_t>{-1, 3, -1, -1}));
    QCOMPARE(in->shapeText(), std::string("[batch,3,height,width]"));
    QCOMPARE(OnnxGraphSignature::describe(sig.outputs()), std::string("depth [1,1,240,320]"));
  }

  void truncatedAtAnyPointIsRefused() {
    const std::string bytes = model(smallGraph());
    // Every cut that ends inside the graph field must be reported, never read past the end.
    for (size_t cut = 0; cut + 4 < bytes.size(); ++cut)
      DS_EXPECT_ERROR(OnnxGraphSignature::parse(bytes.substr(0, cut), "/m/cut.onnx"), "/m/cut.onnx",
                      "not an ONNX model or truncated");
  }

  void otherFilesAreRefused() {
    DS_EXPECT_ERROR(OnnxGraphSignature::parse("{\"format\": \"onnx\"}", "/m/text.onnx"),
                    "/m/text.onnx", "not an ONNX model");
    DS_EXPECT_ERROR(OnnxGraphSignature::parse(std::string(), "/m/empty.onnx"), "empty.onnx",
                    "not an ONNX model");
    // Well-formed protobuf without a graph.
    DS_EXPECT_ERROR(OnnxGraphSignature::parse(varintField(1, 7) + bytesField(2, "x"), "/m/ng.onnx"),
                    "ng.onnx", "no ONNX model graph");
  }
};

QTEST_GUILESS_MAIN(tst_OnnxGraphSignature)
#include "tst_OnnxGraphSignature.moc"
