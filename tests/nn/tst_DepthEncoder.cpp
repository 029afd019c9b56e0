#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/DepthEncoder.h"

using namespace ds;

class tst_DepthEncoder : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void levelsHaveDocumentedStridesAndChannels_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("256x256") << 1 << 256 << 256;
    QTest::newRow("256x192 non-square") << 1 << 256 << 192;
    QTest::newRow("batch 2, 64x128") << 2 << 64 << 128;
    QTest::newRow("smallest 16x16") << 1 << 16 << 16;
  }
  void levelsHaveDocumentedStridesAndChannels() {
    QFETCH(int, batch);
    QFETCH(int, height);
    QFETCH(int, width);
    torch::manual_seed(0);
    DepthEncoder encoder;
    torch::NoGradGuard noGrad;
    const auto levels = encoder(torch::randn({batch, 3, height, width}));
    QCOMPARE(levels.size(), size_t(4));
    const std::vector<int64_t> channels{24, 48, 96, 160};
    for (size_t k = 0; k < 4; ++k) {
      const int64_t stride = int64_t(2) << k;  // 2, 4, 8, 16
      QCOMPARE(levels[k].sizes().vec(),
               (std::vector<int64_t>{batch, channels[k], height / stride, width / stride}));
    }
  }

  void customChannelsAndBlocks() {
    DepthEncoder::Config c;
    c.channels = {8, 16, 32, 40};
    c.blocksPerLevel = 2;
    c.inChannels = 4;
    DepthEncoder encoder(c);
    torch::NoGradGuard noGrad;
    const auto levels = encoder(torch::randn({1, 4, 32, 48}));
    QCOMPARE(levels[3].sizes().vec(), (std::vector<int64_t>{1, 40, 2, 3}));
    QCOMPARE(levels[0].size(1), int64_t(8));
  }

  void sizeNotMultipleOf16IsRefused() {
    DepthEncoder encoder;
    const QString msg = test::errorOf([&] { encoder(torch::randn({1, 3, 250, 256})); });
    QVERIFY2(msg.contains("250x256") && msg.contains("multiple of 16"), qPrintable(msg));
    QVERIFY(test::errorOf([&] { encoder(torch::randn({1, 3, 256, 200})); }).contains("256x200"));
  }

  void wrongChannelsAndRankAreRefused() {
    DepthEncoder encoder;
    QString msg = test::errorOf([&] { encoder(torch::randn({1, 1, 64, 64})); });
    QVERIFY2(msg.contains("1 channels, expected 3"), qPrintable(msg));
    msg = test::errorOf([&] { encoder(torch::randn({3, 64, 64})); });
    QVERIFY2(msg.contains("4-D"), qPrintable(msg));
    msg = test::errorOf([&] { encoder(torch::Tensor()); });
    QVERIFY2(msg.contains("missing"), qPrintable(msg));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(11);
    DepthEncoder a;
    torch::manual_seed(11);
    DepthEncoder b;
    torch::manual_seed(12);
    DepthEncoder c;
    QVERIFY(test::sameParameters(*a, *b));
    QVERIFY(!test::sameParameters(*a, *c));
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 3, 32, 32});
    QVERIFY(torch::equal(a(x)[3], b(x)[3]));
  }

  void gradientsReachEveryParameter() {
    DepthEncoder::Config c;
    c.channels = {8, 8, 16, 16};
    DepthEncoder encoder(c);
    torch::Tensor loss = torch::zeros({});
    for (const auto& level : encoder(torch::randn({2, 3, 32, 32})))
      loss = loss + level.square().mean();
    loss.backward();
    const auto missing = test::parametersWithoutGrad(*encoder);
    QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
  }

  void configCheckRefusesBadValues() {
    DepthEncoder::Config c;
    c.check();
    c.channels = {24, 48, 96};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("4 levels"));
    c.channels = {24, 0, 96, 160};
    QVERIFY(test::errorOf([&] { c.check(); }).contains("positive"));
    c = {};
    c.blocksPerLevel = 0;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("blocksPerLevel"));
    c = {};
    c.inChannels = -3;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("inChannels"));
    c = {};
    c.channels = {24, 48, 96, 0};
    QVERIFY(test::errorOf([&] { DepthEncoder{c}; }).contains("positive"));
  }

  void jsonRoundTripRebuildsTheSameShapes() {
    DepthEncoder::Config c;
    c.channels = {16, 32, 48, 64};
    c.blocksPerLevel = 2;
    const nlohmann::json j = c;
    const auto back = j.get<DepthEncoder::Config>();
    QCOMPARE(back.channels, c.channels);
    QCOMPARE(back.blocksPerLevel, c.blocksPerLevel);
    QCOMPARE(back.inChannels, c.inChannels);
    DepthEncoder a(c), b(nlohmann::json::parse(j.dump()).get<DepthEncoder::Config>());
    QVERIFY(test::parameterShapes(*a) == test::parameterShapes(*b));
  }

  void contextHeadsAddAttentionAfterLevel3Only() {
    DepthEncoder::Config c;
    c.channels = {8, 16, 32, 40};
    c.contextHeads = 4;
    DepthEncoder encoder(c);
    bool found = false;
    for (const auto& p : encoder->named_parameters())
      found = found || p.key().rfind("context.", 0) == 0;
    QVERIFY(found);
    torch::NoGradGuard noGrad;
    QCOMPARE(encoder(torch::randn({1, 3, 32, 48}))[3].sizes().vec(),
             (std::vector<int64_t>{1, 40, 2, 3}));
    // Without it (the default) no such module, and the JSON keeps its old fields only, so cards
    // written before the option existed read back unchanged.
    DepthEncoder plain;
    for (const auto& p : plain->named_parameters())
      QVERIFY(p.key().rfind("context.", 0) != 0);
    QVERIFY(!nlohmann::json(DepthEncoder::Config{}).contains("contextHeads"));
    const nlohmann::json j = c;
    QCOMPARE(j.at("contextHeads").get<int64_t>(), int64_t(4));
    QCOMPARE(j.get<DepthEncoder::Config>().contextHeads, int64_t(4));
    c.contextHeads = 3;  // 40 channels do not split into 3 heads
    QVERIFY(test::errorOf([&] { c.check(); }).contains("contextHeads"));
    c.contextHeads = -1;
    QVERIFY(test::errorOf([&] { c.check(); }).contains("contextHeads"));
  }

  void badJsonIsRefused() {
    QString msg = test::errorOf([] {
      nlohmann::json{{"chanels", {1, 2, 3, 4}}}.get<DepthEncoder::Config>();
    });
    QVERIFY2(msg.contains("unknown config field 'chanels'"), qPrintable(msg));
    msg = test::errorOf([] { nlohmann::json{{"channels", "wide"}}.get<DepthEncoder::Config>(); });
    QVERIFY2(msg.contains("'channels'") && msg.contains("wrong type"), qPrintable(msg));
    msg = test::errorOf([] { nlohmann::json{{"channels", {8, 16}}}.get<DepthEncoder::Config>(); });
    QVERIFY2(msg.contains("4 levels"), qPrintable(msg));
    // Missing fields keep their defaults.
    QCOMPARE(nlohmann::json::object().get<DepthEncoder::Config>().channels,
             DepthEncoder::Config{}.channels);
  }
};

QTEST_GUILESS_MAIN(tst_DepthEncoder)
#include "tst_DepthEncoder.moc"
