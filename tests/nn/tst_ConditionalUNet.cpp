#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/ChannelsLast.h"
#include "core/nn/ConditionalUNet.h"

using namespace ds;

namespace {

ConditionalUNet::Config smallConfig(int64_t inChannels) {
  ConditionalUNet::Config c;
  c.inChannels = inChannels;
  c.channels = {8, 16, 16};
  c.timeEmbedDim = 16;
  return c;
}

// The output conv starts at zero; give it values so the output depends on the whole network.
void wakeOutput(ConditionalUNet& net) {
  for (auto& p : net->named_parameters())
    if (p.key().rfind("out_conv.", 0) == 0) test::fillWithNoise(p.value(), 77);
}

torch::Tensor steps(const std::vector<int64_t>& t) {
  return torch::tensor(t, torch::kLong);
}

}  // namespace

class tst_ConditionalUNet : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void outputShape_data() {
    QTest::addColumn<int>("inChannels");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("refiner 256x192") << 5 << 1 << 256 << 192;
    QTest::newRow("DepthGen batch 2, 64x64") << 4 << 2 << 64 << 64;
    QTest::newRow("refiner 32x96") << 5 << 1 << 32 << 96;
  }
  void outputShape() {
    QFETCH(int, inChannels);
    QFETCH(int, batch);
    QFETCH(int, height);
    QFETCH(int, width);
    ConditionalUNet::Config c;
    c.inChannels = inChannels;
    torch::manual_seed(0);
    ConditionalUNet net(c);
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto y = net(torch::randn({batch, inChannels, height, width}),
                       torch::full({batch}, 10, torch::kLong));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{batch, 1, height, width}));
  }

  void zeroOutputAtConstruction() {
    ConditionalUNet net;
    torch::NoGradGuard noGrad;
    const auto y = net(torch::randn({2, 5, 32, 32}), steps({1, 900}));
    QVERIFY(torch::equal(y, torch::zeros_like(y)));
  }

  void cachedFirstConvEqualsPlainForward() {
    torch::manual_seed(3);
    ConditionalUNet net;  // refiner: RGB + conditioning depth constant, noisy depth varying
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 5, 64, 48});
    const auto t = steps({999, 20});
    const auto plain = net(x, t);
    const auto cache = net->cacheConstantInput(x.slice(1, 0, 4));
    QCOMPARE(cache.constantChannels, int64_t(4));
    const auto cached = net->forwardCached(x.slice(1, 4, 5), t, cache);
    QVERIFY(test::maxAbsDiff(plain, torch::zeros_like(plain)) > 1e-3);  // not trivially zero
    QVERIFY2(test::maxAbsDiff(plain, cached) < 1e-5,
             qPrintable(QString::number(test::maxAbsDiff(plain, cached))));
  }

  void cacheOfOneImageServesAnEnsemble() {
    // DepthGen: RGB constant (3 channels), noisy depth varying; one cache for N samples.
    torch::manual_seed(4);
    ConditionalUNet net(smallConfig(4));
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto rgb = torch::randn({1, 3, 32, 32});
    const auto noisy = torch::randn({3, 1, 32, 32});
    const auto t = steps({500});  // one step for the whole batch
    const auto plain = net(torch::cat({rgb.expand({3, 3, 32, 32}), noisy}, 1), t);
    const auto cached = net->forwardCached(noisy, t, net->cacheConstantInput(rgb));
    QCOMPARE(cached.sizes().vec(), (std::vector<int64_t>{3, 1, 32, 32}));
    QVERIFY(test::maxAbsDiff(plain, cached) < 1e-5);
  }

  void timestepChangesTheOutput() {
    torch::manual_seed(5);
    ConditionalUNet net(smallConfig(5));
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 5, 16, 16});
    QVERIFY(test::maxAbsDiff(net(x, steps({1})), net(x, steps({800}))) > 1e-5);
  }

  void badInputsAreRefused() {
    ConditionalUNet net;
    QString msg = test::errorOf([&] { net(torch::randn({1, 5, 60, 64}), steps({1})); });
    QVERIFY2(msg.contains("60x64") && msg.contains("multiple of 8"), qPrintable(msg));
    msg = test::errorOf([&] { net(torch::randn({1, 4, 64, 64}), steps({1})); });
    QVERIFY2(msg.contains("4 channels, expected 5"), qPrintable(msg));
    msg = test::errorOf([&] { net(torch::randn({2, 5, 32, 32}), steps({1, 2, 3})); });
    QVERIFY2(msg.contains("timesteps"), qPrintable(msg));
    msg = test::errorOf([&] { net(torch::randn({1, 5, 32, 32}), torch::ones({1})); });
    QVERIFY2(msg.contains("integers"), qPrintable(msg));
    msg = test::errorOf([&] { net->cacheConstantInput(torch::randn({1, 5, 32, 32})); });
    QVERIFY2(msg.contains("0 < k < 5"), qPrintable(msg));
    msg = test::errorOf([&] { net->forwardCached(torch::randn({1, 1, 32, 32}), steps({1}), {}); });
    QVERIFY2(msg.contains("cacheConstantInput"), qPrintable(msg));
    const auto cache = net->cacheConstantInput(torch::randn({1, 4, 32, 32}));
    msg = test::errorOf([&] {
      net->forwardCached(torch::randn({1, 1, 64, 64}), steps({1}), cache);
    });
    QVERIFY2(msg.contains("does not fit"), qPrintable(msg));
    msg = test::errorOf([&] {
      net->forwardCached(torch::randn({1, 2, 32, 32}), steps({1}), cache);
    });
    QVERIFY2(msg.contains("2 channels, expected 1"), qPrintable(msg));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(41);
    ConditionalUNet a;
    torch::manual_seed(41);
    ConditionalUNet b;
    torch::manual_seed(42);
    ConditionalUNet c;
    QVERIFY(test::sameParameters(*a, *b));
    QVERIFY(!test::sameParameters(*a, *c));
  }

  void smallEnoughToTrainOnTheCpu() {
    ConditionalUNet net;
    const int64_t n = test::parameterCount(*net);
    QVERIFY2(n > 500'000 && n < 5'000'000, qPrintable(QString::number(n)));
  }

  void channelsLastGivesTheSameOutput() {
    torch::manual_seed(6);
    ConditionalUNet net(smallConfig(5));
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 5, 32, 32});
    const auto plain = net(x, steps({7}));
    convertToChannelsLast(*net);
    QVERIFY(test::maxAbsDiff(plain, net(x, steps({7}))) < 1e-5);
    const auto cache = net->cacheConstantInput(x.slice(1, 0, 4));
    QVERIFY(test::maxAbsDiff(plain, net->forwardCached(x.slice(1, 4, 5), steps({7}), cache)) <
            1e-5);
  }

  void gradientsReachEveryParameter() {
    torch::manual_seed(7);
    ConditionalUNet net(smallConfig(5));
    // Also through the cached path: a training step may use it too.
    for (bool cached : {false, true}) {
      net->zero_grad();
      const auto x = torch::randn({2, 5, 16, 16});
      const auto t = steps({3, 600});
      const auto y = cached ? net->forwardCached(x.slice(1, 4, 5), t,
                                                 net->cacheConstantInput(x.slice(1, 0, 4)))
                            : net(x, t);
      y.square().mean().backward();
      const auto missing = test::parametersWithoutGrad(*net);
      QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
    }
  }

  void configCheckRefusesBadValues() {
    ConditionalUNet::Config c;
    c.check();
    QCOMPARE(c.sizeMultiple(), int64_t(8));
    c.channels = {32};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("2 to 8 levels"));
    c.channels = {32, 0, 64};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("positive"));
    c = {};
    c.inChannels = 0;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("inChannels"));
    c = {};
    c.resBlocks = 0;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("resBlocks"));
    c = {};
    c.timeEmbedDim = 33;
    QVERIFY(test::errorOf([&] { ConditionalUNet{c}; }).contains("timeEmbedDim"));
  }

  void jsonRoundTripRebuildsTheSameShapes() {
    ConditionalUNet::Config c = smallConfig(4);
    c.outChannels = 2;
    c.resBlocks = 2;
    const nlohmann::json j = c;
    const auto back = nlohmann::json::parse(j.dump()).get<ConditionalUNet::Config>();
    QCOMPARE(back.inChannels, int64_t(4));
    QCOMPARE(back.outChannels, int64_t(2));
    QCOMPARE(back.channels, c.channels);
    QCOMPARE(back.resBlocks, int64_t(2));
    QCOMPARE(back.timeEmbedDim, int64_t(16));
    ConditionalUNet a(c), b(back);
    QVERIFY(test::parameterShapes(*a) == test::parameterShapes(*b));
    QVERIFY(test::errorOf([] {
              nlohmann::json{{"levels", 3}}.get<ConditionalUNet::Config>();
            }).contains("unknown config field 'levels'"));
    QVERIFY(test::errorOf([] {
              nlohmann::json{{"channels", {16}}}.get<ConditionalUNet::Config>();
            }).contains("2 to 8 levels"));
  }
};

QTEST_GUILESS_MAIN(tst_ConditionalUNet)
#include "tst_ConditionalUNet.moc"
