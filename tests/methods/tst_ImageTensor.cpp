#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include "common/TestErrors.h"
#include "core/methods/ImageTensor.h"
#include "core/methods/WorkingResolution.h"

using namespace ds;

class tst_ImageTensor : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void workingResolutionKeepsAspectOnTheGrid() {
    const auto a = WorkingResolution::forImage(640, 480, 256, 16);
    QCOMPARE(a.width, 256);
    QCOMPARE(a.height, 192);
    const auto b = WorkingResolution::forImage(1282, 1110, 320, 16);  // Aloe
    QCOMPARE(b.width, 320);
    QCOMPARE(b.height % 16, 0);
    QVERIFY(std::abs(double(b.width) / b.height - 1282.0 / 1110.0) < 0.06);
    const auto thin = WorkingResolution::forImage(1000, 10, 256, 16);
    QCOMPARE(thin.height, 16);  // never below one multiple
    QVERIFY(test::errorOf([] { WorkingResolution::forImage(0, 5, 256, 16); }).contains("empty"));
    QVERIFY(test::errorOf([] { WorkingResolution::forImage(5, 5, 8, 16); }).contains("smaller"));
  }

  void imageBecomesMinusOneToOneRgb() {
    Image grey(4, 2, 1);
    grey.at(0, 0) = 1.0f;  // white top-left, black elsewhere
    const auto t = networkImage(grey, 4, 2);
    QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 3, 2, 4}));
    for (int c = 0; c < 3; ++c) {
      QCOMPARE(t[0][c][0][0].item<float>(), 1.0f);
      QCOMPARE(t[0][c][1][3].item<float>(), -1.0f);
    }
    Image rgb(2, 1, 3);
    rgb.at(1, 0, 2) = 0.5f;  // blue channel of pixel x=1
    const auto u = networkImage(rgb, 2, 1);
    QCOMPARE(u[0][2][0][1].item<float>(), 0.0f);
    QCOMPARE(u[0][0][0][1].item<float>(), -1.0f);
  }

  void downsamplingDepthIgnoresInvalidPixels() {
    // Left half 2 m valid, right half invalid with a huge stored value: the small map's left
    // half is exactly 2 and the right half invalid; nothing of the garbage leaks in.
    std::vector<float> v(64 * 32, 2.0f);
    std::vector<uint8_t> ok(64 * 32, 1);
    for (int y = 0; y < 32; ++y)
      for (int x = 32; x < 64; ++x) {
        v[size_t(y) * 64 + x] = 1e6f;
        ok[size_t(y) * 64 + x] = 0;
      }
    const DepthMap d(64, 32, DepthKind::MetricDepth, v, ok);
    const auto [values, valid] = depthTensors(d, 16, 8);
    QCOMPARE(values.sizes().vec(), (std::vector<int64_t>{1, 1, 8, 16}));
    QVERIFY(valid.slice(3, 0, 7).all().item<bool>());
    QVERIFY(!valid.slice(3, 9, 16).any().item<bool>());
    QVERIFY((values.slice(3, 0, 7) - 2.0).abs().max().item<float>() < 1e-5);
    QVERIFY(values.max().item<float>() < 3.0f);
  }

  void depthMapComesBackAtTheImageSize() {
    const auto values = torch::linspace(1, 2, 8 * 16).view({1, 1, 8, 16});
    const DepthMap d = depthMapFrom(values, {}, DepthKind::RelativeDepth, 64, 32);
    QCOMPARE(d.width(), 64);
    QCOMPARE(d.height(), 32);
    QCOMPARE(d.validCount(), d.pixelCount());
    const auto [lo, hi] = d.validRange();
    QVERIFY(lo >= 1.0f - 1e-5f && hi <= 2.0f + 1e-5f);
    // Non-positive values are invalid for depth kinds, kept for inverse depth.
    const auto neg = torch::full({1, 1, 2, 2}, -1.0f);
    QCOMPARE(depthMapFrom(neg, {}, DepthKind::RelativeDepth, 2, 2).validCount(), size_t(0));
    QCOMPARE(depthMapFrom(neg, {}, DepthKind::RelativeInverseDepth, 2, 2).validCount(), size_t(4));
    // A validity mask travels: the invalid half stays invalid after upsampling.
    auto mask = torch::ones({1, 1, 2, 2}, torch::kBool);
    mask[0][0][0][1] = false;
    mask[0][0][1][1] = false;
    const DepthMap m = depthMapFrom(torch::ones({1, 1, 2, 2}), mask, DepthKind::MetricDepth, 8, 8);
    QVERIFY(m.isValid(0, 0) && !m.isValid(7, 7));
    QCOMPARE(m.at(0, 4), 1.0f);
  }
};

QTEST_GUILESS_MAIN(tst_ImageTensor)
#include "tst_ImageTensor.moc"
