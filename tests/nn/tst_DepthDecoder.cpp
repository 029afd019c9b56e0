#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/DepthDecoder.h"

using namespace ds;

namespace {

// Encoder-shaped features for an H x W input: {l0 .. l3} at strides 2..16.
std::vector<torch::Tensor> fakeFeatures(int64_t batch, int64_t h, int64_t w,
                                        const std::vector<int64_t>& channels = {24, 48, 96, 160}) {
  std::vector<torch::Tensor> f;
  for (size_t k = 0; k < 4; ++k) {
    const int64_t s = int64_t(2) << k;
    f.push_back(torch::randn({batch, channels[k], h / s, w / s}));
  }
  return f;
}

}  // namespace

class tst_DepthDecoder : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void outputIsOneChannelAtInputSize_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("256x256") << 1 << 256 << 256;
    QTest::newRow("256x192 non-square") << 1 << 256 << 192;
    QTest::newRow("batch 2, 48x80") << 2 << 48 << 80;
  }
  void outputIsOneChannelAtInputSize() {
    QFETCH(int, batch);
    QFETCH(int, height);
    QFETCH(int, width);
    torch::manual_seed(0);
    DepthDecoder decoder;
    torch::NoGradGuard noGrad;
    const auto f = fakeFeatures(batch, height, width);
    const auto d2 = decoder->fuseHigh(f[2], f[3]);
    QCOMPARE(d2.sizes().vec(), (std::vector<int64_t>{batch, 96, height / 8, width / 8}));
    QCOMPARE(decoder(f).sizes().vec(), (std::vector<int64_t>{batch, 1, height, width}));
  }

  void splitPathEqualsForward() {
    torch::manual_seed(1);
    DepthDecoder decoder;
    torch::NoGradGuard noGrad;
    const auto f = fakeFeatures(2, 64, 96);
    const auto split = decoder->decodeFrom(decoder->fuseHigh(f[2], f[3]), f[0], f[1]);
    QVERIFY(torch::equal(split, decoder(f)));
  }

  void restoredFeatureChangesTheDepth() {
    // The restorer replaces d2: the output must depend on it.
    torch::manual_seed(2);
    DepthDecoder decoder;
    torch::NoGradGuard noGrad;
    const auto f = fakeFeatures(1, 64, 64);
    const auto d2 = decoder->fuseHigh(f[2], f[3]);
    const auto other = d2 + 0.5 * torch::randn(d2.sizes());
    QVERIFY(test::maxAbsDiff(decoder->decodeFrom(d2, f[0], f[1]),
                             decoder->decodeFrom(other, f[0], f[1])) > 1e-5);
  }

  void mismatchedFeaturesAreRefused() {
    DepthDecoder decoder;
    auto f = fakeFeatures(1, 64, 64);
    QString msg = test::errorOf([&] { decoder->fuseHigh(f[2], torch::randn({1, 160, 8, 8})); });
    QVERIFY2(msg.contains("level 2") && msg.contains("level 3"), qPrintable(msg));
    msg = test::errorOf([&] { decoder->fuseHigh(torch::randn({1, 95, 8, 8}), f[3]); });
    QVERIFY2(msg.contains("level 2 has 95 channels, expected 96"), qPrintable(msg));
    const auto d2 = decoder->fuseHigh(f[2], f[3]);
    msg = test::errorOf([&] { decoder->decodeFrom(d2, f[1], f[0]); });
    QVERIFY2(msg.contains("level 0"), qPrintable(msg));
    msg = test::errorOf([&] { decoder->decodeFrom(d2, f[0], torch::randn({2, 48, 16, 16})); });
    QVERIFY2(msg.contains("batch"), qPrintable(msg));
    f.pop_back();
    msg = test::errorOf([&] { decoder(f); });
    QVERIFY2(msg.contains("4 feature levels, got 3"), qPrintable(msg));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(21);
    DepthDecoder a;
    torch::manual_seed(21);
    DepthDecoder b;
    torch::manual_seed(22);
    DepthDecoder c;
    QVERIFY(test::sameParameters(*a, *b));
    QVERIFY(!test::sameParameters(*a, *c));
  }

  void gradientsReachEveryParameter() {
    DepthDecoder::Config c;
    c.encoderChannels = {8, 8, 16, 16};
    c.fusedChannels = 16;
    c.quarterChannels = 8;
    c.halfChannels = 8;
    c.headChannels = 4;
    DepthDecoder decoder(c);
    decoder(fakeFeatures(2, 32, 32, c.encoderChannels)).square().mean().backward();
    const auto missing = test::parametersWithoutGrad(*decoder);
    QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
  }

  void configCheckRefusesBadValues() {
    DepthDecoder::Config c;
    c.check();
    c.encoderChannels = {24, 48, 96};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("4 levels"));
    c = {};
    c.encoderChannels = {24, 48, -96, 160};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("positive"));
    c = {};
    c.fusedChannels = 0;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("fusedChannels must be positive"));
    c = {};
    c.headChannels = -1;
    QVERIFY(test::errorOf([&] { DepthDecoder{c}; }).contains("headChannels"));
  }

  void jsonRoundTripRebuildsTheSameShapes() {
    DepthDecoder::Config c;
    c.encoderChannels = {16, 32, 48, 64};
    c.fusedChannels = 40;
    c.quarterChannels = 24;
    c.halfChannels = 12;
    c.headChannels = 6;
    const nlohmann::json j = c;
    const auto back = nlohmann::json::parse(j.dump()).get<DepthDecoder::Config>();
    QCOMPARE(back.encoderChannels, c.encoderChannels);
    QCOMPARE(back.fusedChannels, c.fusedChannels);
    QCOMPARE(back.headChannels, c.headChannels);
    DepthDecoder a(c), b(back);
    QVERIFY(test::parameterShapes(*a) == test::parameterShapes(*b));
    QVERIFY(test::errorOf([] {
              nlohmann::json{{"fused", 3}}.get<DepthDecoder::Config>();
            }).contains("unknown config field 'fused'"));
  }
};

QTEST_GUILESS_MAIN(tst_DepthDecoder)
#include "tst_DepthDecoder.moc"
