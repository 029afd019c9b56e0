#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/BaseDepthNet.h"
#include "core/nn/ChannelsLast.h"

using namespace ds;

using test::tinyBaseConfig;

class tst_BaseDepthNet : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void outputIsOneChannelAtInputSize_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("256x256") << 1 << 256 << 256;
    QTest::newRow("256x192 non-square") << 1 << 256 << 192;
    QTest::newRow("batch 2, 64x128") << 2 << 64 << 128;
  }
  void outputIsOneChannelAtInputSize() {
    QFETCH(int, batch);
    QFETCH(int, height);
    QFETCH(int, width);
    torch::manual_seed(0);
    BaseDepthNet net;
    torch::NoGradGuard noGrad;
    const auto y = net(torch::randn({batch, 3, height, width}));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{batch, 1, height, width}));
    QVERIFY(torch::isfinite(y).all().item<bool>());
  }

  void forwardIsEncoderThenDecoderSplit() {
    torch::manual_seed(1);
    BaseDepthNet net;
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 3, 64, 48});
    const auto f = net->features(x);
    QCOMPARE(f.size(), size_t(4));
    QCOMPARE(f[2].sizes().vec(), (std::vector<int64_t>{1, 96, 8, 6}));
    auto& dec = net->decoder();
    QVERIFY(torch::equal(net(x), dec->decodeFrom(dec->fuseHigh(f[2], f[3]), f[0], f[1])));
  }

  void sizeNotMultipleOf16IsRefused() {
    BaseDepthNet net(tinyBaseConfig());
    const QString msg = test::errorOf([&] { net(torch::randn({1, 3, 256, 180})); });
    QVERIFY2(msg.contains("256x180") && msg.contains("multiple of 16"), qPrintable(msg));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(31);
    BaseDepthNet a;
    torch::manual_seed(31);
    BaseDepthNet b;
    QVERIFY(test::sameParameters(*a, *b));
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 3, 32, 32});
    QVERIFY(torch::equal(a(x), b(x)));
  }

  void smallEnoughToTrainOnTheCpu() {
    // Defaults are sized for the 2-core CPU: a few million parameters at most.
    BaseDepthNet net;
    const int64_t n = test::parameterCount(*net);
    QVERIFY2(n > 500'000 && n < 3'000'000, qPrintable(QString::number(n)));
  }

  void channelsLastGivesTheSameDepth() {
    torch::manual_seed(2);
    BaseDepthNet net;
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 3, 64, 64});
    const auto plain = net(x);
    QVERIFY(!isChannelsLast(*net));
    convertToChannelsLast(*net);
    QVERIFY(isChannelsLast(*net));
    const auto nhwc = net(x);
    QVERIFY2(test::maxAbsDiff(plain, nhwc) < 1e-4,
             qPrintable(QString::number(test::maxAbsDiff(plain, nhwc))));
  }

  void gradientsReachEveryParameter() {
    BaseDepthNet net(tinyBaseConfig());
    net(torch::randn({2, 3, 32, 32})).square().mean().backward();
    const auto missing = test::parametersWithoutGrad(*net);
    QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
  }

  void mismatchedLevelsAreRefused() {
    auto c = tinyBaseConfig();
    c.check();
    c.decoder.encoderChannels = {8, 8, 16, 32};
    const QString msg = test::errorOf([&] { c.check(); });
    QVERIFY2(msg.contains("do not match"), qPrintable(msg));
    QVERIFY(test::errorOf([&] { BaseDepthNet{c}; }).contains("do not match"));
    c = tinyBaseConfig();
    c.encoder.channels = {8, 8, 16};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("4 levels"));
  }

  void jsonRoundTripRebuildsTheSameShapes() {
    const auto c = tinyBaseConfig();
    const nlohmann::json j = c;
    QVERIFY(j.contains("encoder") && j.contains("decoder"));
    const auto back = nlohmann::json::parse(j.dump()).get<BaseDepthNet::Config>();
    BaseDepthNet a(c), b(back);
    QVERIFY(test::parameterShapes(*a) == test::parameterShapes(*b));
    // A card whose halves disagree is refused.
    nlohmann::json bad = j;
    bad["decoder"]["encoderChannels"] = {8, 8, 16, 20};
    QVERIFY(test::errorOf([&] { bad.get<BaseDepthNet::Config>(); }).contains("do not match"));
  }
};

QTEST_GUILESS_MAIN(tst_BaseDepthNet)
#include "tst_BaseDepthNet.moc"
