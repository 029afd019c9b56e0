#include <QtTest/QtTest>
#include <vector>

#include "core/eval/EvalConvention.h"
#include "core/util/Error.h"

using ds::CropKind;
using ds::EvalConvention;

namespace {
// First and one-past-last row and column that are set in a mask.
struct Box {
  int row0 = -1, row1 = -1, col0 = -1, col1 = -1;
};
Box boxOf(const std::vector<uint8_t>& m, int w, int h) {
  Box b;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (m[size_t(y) * w + x]) {
        if (b.row0 < 0) b.row0 = y;
        b.row1 = y + 1;
        if (b.col0 < 0 || x < b.col0) b.col0 = x;
        b.col1 = std::max(b.col1, x + 1);
      }
  return b;
}
size_t countSet(const std::vector<uint8_t>& m) {
  return size_t(std::count(m.begin(), m.end(), uint8_t(1)));
}
}  // namespace

class tst_EvalConvention : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void namedConventions() {
    const auto nyu = EvalConvention::fromName("nyu");
    QCOMPARE(nyu.minDepth, 0.1);
    QCOMPARE(nyu.maxDepth, 10.0);
    QVERIFY(nyu.crop == CropKind::Eigen);
    const auto kitti = EvalConvention::fromName("kitti");
    QCOMPARE(kitti.maxDepth, 80.0);
    QVERIFY(kitti.crop == CropKind::Garg);
    try {
      EvalConvention::fromName("eth3d");
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      QVERIFY(std::string(e.what()).find("eth3d") != std::string::npos);
    }
    QVERIFY(*ds::parseCropKind("-") == CropKind::None);
    QVERIFY(*ds::parseCropKind("") == CropKind::None);
    QVERIFY(*ds::parseCropKind("garg") == CropKind::Garg);
    QVERIFY(!ds::parseCropKind("eigen2").has_value());
  }
  void eigenCropAt640x480() {
    const auto m = EvalConvention::nyu().mask(640, 480);
    const Box b = boxOf(m, 640, 480);
    QCOMPARE(b.row0, 45);
    QCOMPARE(b.row1, 471);
    QCOMPARE(b.col0, 41);
    QCOMPARE(b.col1, 601);
    QCOMPARE(countSet(m), size_t(426 * 560));  // a full rectangle
  }
  void eigenCropScalesWithTheImage() {
    const auto m = EvalConvention::nyu().mask(320, 240);
    const Box b = boxOf(m, 320, 240);
    QCOMPARE(b.row0, 23);   // 22.5 rounded
    QCOMPARE(b.row1, 236);  // 235.5 rounded
    QCOMPARE(b.col0, 21);   // 20.5 rounded
    QCOMPARE(b.col1, 301);  // 300.5 rounded
  }
  void gargCropAtKittiSizes() {
    // monodepth2's crop at 1242x375: rows 153:371, cols 44:1197.
    const auto m = EvalConvention::kitti().mask(1242, 375);
    const Box b = boxOf(m, 1242, 375);
    QCOMPARE(b.row0, 153);
    QCOMPARE(b.row1, 371);
    QCOMPARE(b.col0, 44);
    QCOMPARE(b.col1, 1197);
    QCOMPARE(countSet(m), size_t((371 - 153) * (1197 - 44)));
    // And at 640x480 (fractions of the size).
    const Box s = boxOf(EvalConvention::kitti().mask(640, 480), 640, 480);
    QCOMPARE(s.row0, 195);  // 195.89
    QCOMPARE(s.row1, 476);  // 476.11
    QCOMPARE(s.col0, 23);   // 23.01
    QCOMPARE(s.col1, 616);  // 616.99
  }
  void noCropCoversEverything() {
    EvalConvention c;
    QCOMPARE(countSet(c.mask(7, 5)), size_t(35));
    QVERIFY_THROWS_EXCEPTION(ds::Error, c.mask(0, 5));
  }
  void rangeMaskAndClamp() {
    EvalConvention c;
    c.minDepth = 0.1;
    c.maxDepth = 10.0;
    const ds::DepthMap gt(5, 1, ds::DepthKind::MetricDepth, {0.05f, 0.5f, 9.0f, 12.0f, 3.0f},
                          {1, 1, 1, 1, 0});
    const auto m = c.mask(gt);
    QCOMPARE(m, (std::vector<uint8_t>{0, 1, 1, 0, 0}));
    const ds::DepthMap pred(4, 1, ds::DepthKind::MetricDepth, {-1.0f, 0.01f, 5.0f, 50.0f},
                            {1, 1, 1, 1});
    const auto clamped = c.clamp(pred);
    QCOMPARE(clamped.values(), (std::vector<float>{0.1f, 0.1f, 5.0f, 10.0f}));
  }
  void checkRefusesBadRanges() {
    EvalConvention c;
    c.minDepth = 5;
    c.maxDepth = 1;
    QVERIFY_THROWS_EXCEPTION(ds::Error, c.check());
    EvalConvention::nyu().check();
  }
};

QTEST_GUILESS_MAIN(tst_EvalConvention)
#include "tst_EvalConvention.moc"
