// ResBlock, and the resampling layers it is stacked with (Downsample, Upsample).
#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/Downsample.h"
#include "core/nn/ResBlock.h"
#include "core/nn/Upsample.h"

using namespace ds;

class tst_ResBlock : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void groupCountsDivideChannels() {
    QCOMPARE(normGroups(24), int64_t(8));
    QCOMPARE(normGroups(32), int64_t(8));
    QCOMPARE(normGroups(20), int64_t(5));
    QCOMPARE(normGroups(7), int64_t(7));
    QCOMPARE(normGroups(13), int64_t(1));
    QCOMPARE(normGroups(1), int64_t(1));
  }

  void keepsSpatialSizeAndChangesChannels() {
    torch::manual_seed(1);
    ResBlock same(16, 16), wider(8, 24);
    torch::NoGradGuard noGrad;
    QCOMPARE(same(torch::randn({1, 16, 32, 32})).sizes().vec(),
             (std::vector<int64_t>{1, 16, 32, 32}));
    QCOMPARE(wider(torch::randn({2, 8, 24, 40})).sizes().vec(),
             (std::vector<int64_t>{2, 24, 24, 40}));
    // The skip is the identity when channels stay, a 1x1 conv when they change.
    QVERIFY(same->named_parameters().find("skip.weight") == nullptr);
    QVERIFY(wider->named_parameters().find("skip.weight") != nullptr);
  }

  void timestepEmbeddingChangesTheOutput() {
    torch::manual_seed(2);
    ResBlock block(8, 8, 16);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 8, 16, 16});
    const auto e1 = torch::randn({2, 16}), e2 = torch::randn({2, 16});
    QVERIFY(torch::equal(block(x, e1), block(x, e1)));
    QVERIFY(test::maxAbsDiff(block(x, e1), block(x, e2)) > 1e-4);
    // Per-sample modulation: sample 0 does not see sample 1's embedding.
    auto e3 = e1.clone();
    e3[1] = e2[1];
    QVERIFY(torch::allclose(block(x, e1)[0], block(x, e3)[0]));
  }

  void missingEmbeddingIsRefused() {
    ResBlock block(8, 8, 16);
    const QString msg = test::errorOf([&] { block(torch::randn({1, 8, 8, 8})); });
    QVERIFY2(msg.contains("timestep embedding"), qPrintable(msg));
  }

  void badChannelsAreRefused() {
    QVERIFY(test::errorOf([] { ResBlock(0, 8); }).contains("positive"));
    QVERIFY(test::errorOf([] { ResBlock(8, -1); }).contains("positive"));
    QVERIFY(test::errorOf([] { ResBlock(8, 8, -2); }).contains("timeEmbedDim"));
    QVERIFY(test::errorOf([] { Downsample(0, 8); }).contains("positive"));
    QVERIFY(test::errorOf([] { Upsample(8, 0); }).contains("positive"));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(5);
    ResBlock a(8, 16, 32);
    torch::manual_seed(5);
    ResBlock b(8, 16, 32);
    torch::manual_seed(6);
    ResBlock c(8, 16, 32);
    QVERIFY(test::sameParameters(*a, *b));
    QVERIFY(!test::sameParameters(*a, *c));
  }

  void gradientsReachEveryParameter() {
    torch::manual_seed(3);
    ResBlock block(8, 16, 32);
    const auto emb = torch::randn({2, 32});
    block(torch::randn({2, 8, 8, 8}), emb).square().mean().backward();
    const auto missing = test::parametersWithoutGrad(*block);
    QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
  }

  void resamplingLayersHalveAndDouble() {
    torch::manual_seed(4);
    Downsample down(8, 16);
    Upsample up(16, 4);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 8, 32, 24});
    const auto d = down(x);
    QCOMPARE(d.sizes().vec(), (std::vector<int64_t>{2, 16, 16, 12}));
    QCOMPARE(up(d).sizes().vec(), (std::vector<int64_t>{2, 4, 32, 24}));
  }
};

QTEST_GUILESS_MAIN(tst_ResBlock)
#include "tst_ResBlock.moc"
