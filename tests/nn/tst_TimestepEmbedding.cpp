#include <ATen/ATen.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <cmath>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/TimestepEmbedding.h"

using namespace ds;

class tst_TimestepEmbedding : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sinusoidalKnownValues() {
    // dim 4: frequencies 1 and 10000^(-1/2) = 0.01; layout [cos.., sin..].
    const auto s = TimestepEmbeddingImpl::sinusoidal(torch::tensor({0, 1, 250}, torch::kLong), 4);
    QCOMPARE(s.sizes().vec(), (std::vector<int64_t>{3, 4}));
    const auto a = s.accessor<float, 2>();
    QCOMPARE(a[0][0], 1.0f);
    QCOMPARE(a[0][2], 0.0f);
    QVERIFY(std::abs(a[1][0] - std::cos(1.0)) < 1e-6);
    QVERIFY(std::abs(a[1][1] - std::cos(0.01)) < 1e-6);
    QVERIFY(std::abs(a[1][2] - std::sin(1.0)) < 1e-6);
    QVERIFY(std::abs(a[1][3] - std::sin(0.01)) < 1e-6);
    QVERIFY(std::abs(a[2][3] - std::sin(2.5)) < 1e-5);
  }

  void forwardShapeAndDistinctSteps() {
    torch::manual_seed(1);
    TimestepEmbedding emb(64);
    torch::NoGradGuard noGrad;
    const auto e = emb(torch::tensor({0, 1, 999}, torch::kLong));
    QCOMPARE(e.sizes().vec(), (std::vector<int64_t>{3, 64}));
    QVERIFY(test::maxAbsDiff(e[0], e[1]) > 1e-4);
    QVERIFY(test::maxAbsDiff(e[1], e[2]) > 1e-4);
    QVERIFY(torch::allclose(e[1], emb(torch::tensor({1}, torch::kLong))[0], 1e-5, 1e-6));
  }

  void deterministicAfterManualSeed() {
    torch::manual_seed(9);
    TimestepEmbedding a(32);
    torch::manual_seed(9);
    TimestepEmbedding b(32);
    QVERIFY(test::sameParameters(*a, *b));
  }

  void gradientsReachEveryParameter() {
    TimestepEmbedding emb(16);
    emb(torch::tensor({3, 70}, torch::kLong)).square().sum().backward();
    QVERIFY(test::parametersWithoutGrad(*emb).empty());
  }

  void badInputIsRefused() {
    QVERIFY(test::errorOf([] { TimestepEmbedding(7); }).contains("even"));
    QVERIFY(test::errorOf([] { TimestepEmbedding(0); }).contains("even"));
    TimestepEmbedding emb(8);
    const QString msg = test::errorOf([&] { emb(torch::zeros({2, 1}, torch::kLong)); });
    QVERIFY2(msg.contains("1-D"), qPrintable(msg));
  }
};

QTEST_GUILESS_MAIN(tst_TimestepEmbedding)
#include "tst_TimestepEmbedding.moc"
