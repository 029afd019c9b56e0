#include <QtTest/QtTest>
#include <cmath>

#include "ModelTestFiles.h"
#include "core/models/InputFraming.h"
#include "core/util/Error.h"

using ds::Image;
using ds::InputFraming;
using ds::ModelSidecar;

namespace {

ModelSidecar::Input frame(int w, int h, ModelSidecar::Resize resize) {
  ModelSidecar::Input in;
  in.name = "x";
  in.width = w;
  in.height = h;
  in.resize = resize;
  return in;
}

// A smooth grey ramp (bilinear resampling reproduces it closely).
Image ramp(int w, int h) {
  Image img(w, h, 1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.at(x, y) = 0.1f + 0.6f * x / w + 0.3f * y / h;
  return img;
}

// Feeds the tensor's first channel back as if it were the network's output: mapping it back must
// give the image again where the network saw it.
double roundTripError(const ModelSidecar::Input& spec, const Image& img, size_t* uncovered) {
  InputFraming framing(spec, img.width(), img.height());
  const std::vector<float> t = framing.tensor(img);
  std::vector<float> values;
  std::vector<uint8_t> covered;
  framing.mapBack(t.data(), spec.width, spec.height, values, covered);
  if (values.size() != img.pixelCount() || covered.size() != img.pixelCount()) return 1e9;
  double worst = 0;
  *uncovered = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!covered[i]) {
      ++*uncovered;
      continue;
    }
    worst = std::max(worst, double(std::abs(values[i] - img.pixels()[i])));
  }
  return worst;
}

}  // namespace

class tst_InputFraming : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void normalisesPerChannelInLayoutAndColourOrder() {
    Image img(1, 1, 3, {0.2f, 0.4f, 0.6f});
    ModelSidecar::Input in = frame(2, 1, ModelSidecar::Resize::Stretch);
    in.scale = 1.0;  // values 0..255
    in.mean = {10, 20, 30};
    in.std = {2, 4, 5};
    const auto nchw = InputFraming(in, 1, 1).tensor(img);
    QCOMPARE(InputFraming(in, 1, 1).tensorShape(), (std::vector<int>{1, 3, 1, 2}));
    QCOMPARE(nchw.size(), size_t(6));
    QVERIFY(std::abs(nchw[0] - (51 - 10) / 2.0) < 1e-3);   // R, x = 0
    QVERIFY(std::abs(nchw[1] - (51 - 10) / 2.0) < 1e-3);   // R, x = 1
    QVERIFY(std::abs(nchw[2] - (102 - 20) / 4.0) < 1e-3);  // G plane
    QVERIFY(std::abs(nchw[4] - (153 - 30) / 5.0) < 1e-3);  // B plane
    in.layout = ModelSidecar::Layout::NHWC;
    in.color = ModelSidecar::Color::BGR;
    const auto nhwc = InputFraming(in, 1, 1).tensor(img);
    QCOMPARE(InputFraming(in, 1, 1).tensorShape(), (std::vector<int>{1, 1, 2, 3}));
    QVERIFY(std::abs(nhwc[0] - (153 - 10) / 2.0) < 1e-3);  // B first, with the first mean
    QVERIFY(std::abs(nhwc[2] - (51 - 30) / 5.0) < 1e-3);
    QVERIFY(std::abs(nhwc[3] - nhwc[0]) < 1e-6);  // next pixel starts again with B
  }

  void greyAndRgbaBecomeRgb() {
    const ModelSidecar::Input in = frame(2, 2, ModelSidecar::Resize::Stretch);
    Image grey(2, 2, 1, {0.5f, 0.5f, 0.5f, 0.5f});
    Image rgba(2, 2, 4);
    for (float& v : rgba.pixels())
      v = 0.5f;
    const auto a = InputFraming(in, 2, 2).tensor(grey);
    const auto b = InputFraming(in, 2, 2).tensor(rgba);
    QCOMPARE(a.size(), size_t(12));
    QCOMPARE(a, b);
    QVERIFY(std::abs(a[11] - 0.5f) < 1e-6);
  }

  void padPlacesTheImageCentredOnBlack() {
    // 80x40 into 40x40: scaled to 40x20, rows 10..29 hold the image.
    const ModelSidecar::Input in = frame(40, 40, ModelSidecar::Resize::KeepAspectPad);
    Image white(80, 40, 3);
    for (float& v : white.pixels())
      v = 1.0f;
    InputFraming framing(in, 80, 40);
    QCOMPARE(framing.placement().y, 10.0);
    QCOMPARE(framing.placement().height, 20.0);
    const auto t = framing.tensor(white);
    QCOMPARE(t[size_t(9) * 40 + 5], 0.0f);                    // padding
    QVERIFY(std::abs(t[size_t(10) * 40 + 5] - 1.0f) < 1e-5);  // image
    QVERIFY(std::abs(t[size_t(29) * 40 + 5] - 1.0f) < 1e-5);
    QCOMPARE(t[size_t(30) * 40 + 5], 0.0f);
  }

  void mapBackInvertsEachFraming_data() {
    QTest::addColumn<int>("resize");
    QTest::addColumn<int>("imageWidth");
    QTest::addColumn<int>("imageHeight");
    QTest::addColumn<int>("uncoveredExpected");
    using R = ModelSidecar::Resize;
    QTest::newRow("stretch") << int(R::Stretch) << 96 << 48 << 0;
    QTest::newRow("pad wide") << int(R::KeepAspectPad) << 96 << 48 << 0;
    QTest::newRow("pad tall") << int(R::KeepAspectPad) << 30 << 90 << 0;
    // 96x48 covering 64x64 is 128x64: 32 of 128 columns cut each side = 48 of 96 image columns.
    QTest::newRow("crop wide") << int(R::KeepAspectCrop) << 96 << 48 << 48 * 48;
  }
  void mapBackInvertsEachFraming() {
    QFETCH(int, resize);
    QFETCH(int, imageWidth);
    QFETCH(int, imageHeight);
    QFETCH(int, uncoveredExpected);
    const ModelSidecar::Input in = frame(64, 64, ModelSidecar::Resize(resize));
    size_t uncovered = 0;
    const double err = roundTripError(in, ramp(imageWidth, imageHeight), &uncovered);
    QVERIFY2(err < 0.02, qPrintable(QString("round-trip error %1").arg(err)));
    QCOMPARE(int(uncovered), uncoveredExpected);
  }

  void outputAtAnotherResolutionMapsBack() {
    const ModelSidecar::Input in = frame(64, 32, ModelSidecar::Resize::KeepAspectPad);
    const Image img = ramp(64, 64);  // padded left and right: content 32x32 at x = 16
    InputFraming framing(in, 64, 64);
    // A half-resolution output that is 1 on the content and 100 on the padding.
    std::vector<float> half(32 * 16, 100.0f);
    for (int y = 0; y < 16; ++y)
      for (int x = 8; x < 24; ++x)
        half[size_t(y) * 32 + x] = 1.0f;
    std::vector<float> values;
    std::vector<uint8_t> covered;
    framing.mapBack(half.data(), 32, 16, values, covered);
    QCOMPARE(values.size(), size_t(64 * 64));
    for (float v : values)
      QCOMPARE(v, 1.0f);  // the padding never bleeds in
  }

  void emptyImageIsRefused() {
    QVERIFY_THROWS_EXCEPTION(ds::Error,
                             InputFraming(frame(8, 8, ModelSidecar::Resize::Stretch), 0, 5));
  }
};

QTEST_GUILESS_MAIN(tst_InputFraming)
#include "tst_InputFraming.moc"
