#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/FeatureDenoiser.h"

using namespace ds;

namespace {

FeatureDenoiser::Config smallConfig() {
  FeatureDenoiser::Config c;
  c.featureChannels = 12;
  c.conditionChannels = 20;
  c.hidden = 16;
  c.blocks = 2;
  c.timeEmbedDim = 8;
  return c;
}

void wakeOutput(FeatureDenoiser& net) {
  for (auto& p : net->named_parameters())
    if (p.key().rfind("out_conv.", 0) == 0) test::fillWithNoise(p.value(), 78);
}

torch::Tensor steps(const std::vector<int64_t>& t) {
  return torch::tensor(t, torch::kLong);
}

}  // namespace

class tst_FeatureDenoiser : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void mutualConditionalMapConcatenatesLevels() {
    const auto l2 = torch::randn({2, 96, 32, 24});
    const auto l3 = torch::randn({2, 160, 16, 12});
    const auto m = FeatureDenoiserImpl::mutualConditionalMap(l2, l3);
    QCOMPARE(m.sizes().vec(), (std::vector<int64_t>{2, 256, 32, 24}));
    QVERIFY(torch::equal(m.slice(1, 0, 96), l2));
    // A constant level 3 upsamples to the same constant.
    const auto flat = torch::full({1, 4, 2, 2}, 0.75);
    const auto m2 = FeatureDenoiserImpl::mutualConditionalMap(torch::zeros({1, 3, 4, 4}), flat);
    QVERIFY(torch::allclose(m2.slice(1, 3, 7), torch::full({1, 4, 4, 4}, 0.75)));
    const QString msg = test::errorOf([] {
      FeatureDenoiserImpl::mutualConditionalMap(torch::zeros({1, 3, 4, 4}),
                                                torch::zeros({2, 3, 2, 2}));
    });
    QVERIFY2(msg.contains("batch"), qPrintable(msg));
  }

  void outputHasTheInputShape_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("32x32 (256x256 input)") << 1 << 32 << 32;
    QTest::newRow("32x24 non-square") << 1 << 32 << 24;
    QTest::newRow("batch 2, 8x12") << 2 << 8 << 12;
  }
  void outputHasTheInputShape() {
    QFETCH(int, batch);
    QFETCH(int, height);
    QFETCH(int, width);
    torch::manual_seed(0);
    FeatureDenoiser net;
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto xt = torch::randn({batch, 96, height, width});
    const auto map = torch::randn({batch, 256, height, width});
    const auto y = net(xt, torch::full({batch}, 3, torch::kLong), map);
    QCOMPARE(y.sizes().vec(), xt.sizes().vec());
  }

  void zeroOutputAtConstruction() {
    FeatureDenoiser net;
    torch::NoGradGuard noGrad;
    const auto y = net(torch::randn({2, 96, 8, 8}), steps({5, 700}), torch::randn({2, 256, 8, 8}));
    QVERIFY(torch::equal(y, torch::zeros_like(y)));
  }

  void conditionAndTimestepChangeTheOutput() {
    torch::manual_seed(1);
    FeatureDenoiser net(smallConfig());
    wakeOutput(net);
    torch::NoGradGuard noGrad;
    const auto xt = torch::randn({1, 12, 8, 8}), map = torch::randn({1, 20, 8, 8});
    const auto y = net(xt, steps({10}), map);
    QVERIFY(test::maxAbsDiff(y, net(xt, steps({900}), map)) > 1e-5);
    QVERIFY(test::maxAbsDiff(y, net(xt, steps({10}), torch::randn({1, 20, 8, 8}))) > 1e-5);
  }

  void badInputsAreRefused() {
    FeatureDenoiser net(smallConfig());
    const auto xt = torch::randn({1, 12, 8, 8});
    QString msg = test::errorOf([&] { net(xt, steps({1}), torch::randn({1, 20, 4, 4})); });
    QVERIFY2(msg.contains("mutual conditional map is 4x4"), qPrintable(msg));
    msg = test::errorOf([&] { net(xt, steps({1}), torch::randn({1, 19, 8, 8})); });
    QVERIFY2(msg.contains("19 channels, expected 20"), qPrintable(msg));
    msg = test::errorOf([&] {
      net(torch::randn({1, 11, 8, 8}), steps({1}), torch::randn({1, 20, 8, 8}));
    });
    QVERIFY2(msg.contains("noisy feature"), qPrintable(msg));
    msg = test::errorOf([&] { net(xt, torch::Tensor(), torch::randn({1, 20, 8, 8})); });
    QVERIFY2(msg.contains("timesteps"), qPrintable(msg));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(51);
    FeatureDenoiser a;
    torch::manual_seed(51);
    FeatureDenoiser b;
    torch::manual_seed(52);
    FeatureDenoiser c;
    QVERIFY(test::sameParameters(*a, *b));
    QVERIFY(!test::sameParameters(*a, *c));
  }

  void smallEnoughToTrainOnTheCpu() {
    FeatureDenoiser net;
    const int64_t n = test::parameterCount(*net);
    QVERIFY2(n > 200'000 && n < 3'000'000, qPrintable(QString::number(n)));
  }

  void gradientsReachEveryParameter() {
    torch::manual_seed(2);
    FeatureDenoiser net(smallConfig());
    net(torch::randn({2, 12, 8, 8}), steps({4, 400}), torch::randn({2, 20, 8, 8}))
        .square()
        .mean()
        .backward();
    const auto missing = test::parametersWithoutGrad(*net);
    QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
  }

  void configCheckRefusesBadValues() {
    FeatureDenoiser::Config c;
    c.check();
    c.featureChannels = 0;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("featureChannels must be positive"));
    c = {};
    c.conditionChannels = -4;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("conditionChannels"));
    c = {};
    c.blocks = 0;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("blocks"));
    c = {};
    c.timeEmbedDim = 5;
    QVERIFY(test::errorOf([&] { FeatureDenoiser{c}; }).contains("timeEmbedDim"));
  }

  void jsonRoundTripRebuildsTheSameShapes() {
    const auto c = smallConfig();
    const nlohmann::json j = c;
    const auto back = nlohmann::json::parse(j.dump()).get<FeatureDenoiser::Config>();
    QCOMPARE(back.featureChannels, c.featureChannels);
    QCOMPARE(back.conditionChannels, c.conditionChannels);
    QCOMPARE(back.hidden, c.hidden);
    QCOMPARE(back.blocks, c.blocks);
    QCOMPARE(back.timeEmbedDim, c.timeEmbedDim);
    FeatureDenoiser a(c), b(back);
    QVERIFY(test::parameterShapes(*a) == test::parameterShapes(*b));
    QVERIFY(test::errorOf([] {
              nlohmann::json{{"hidden", 1.5}}.get<FeatureDenoiser::Config>();
            }).contains("'hidden'"));
  }
};

QTEST_GUILESS_MAIN(tst_FeatureDenoiser)
#include "tst_FeatureDenoiser.moc"
