#include <ATen/ATen.h>
#include <torch/nn/init.h>
#include <torch/utils.h>

#include <QtTest/QtTest>
#include <set>

#include "DepthNetTestSupport.h"
#include "common/TestErrors.h"
#include "core/nn/GlobalContextAttention.h"

using namespace ds;

namespace {

// A block whose output projection is no longer zero, as after some training.
GlobalContextAttention trainedLooking(int64_t channels, int64_t heads) {
  GlobalContextAttention block(channels, heads);
  torch::NoGradGuard noGrad;
  for (auto& p : block->named_parameters())
    if (p.key().rfind("out.", 0) == 0) torch::nn::init::normal_(p.value(), 0.0, 0.2);
  return block;
}

}  // namespace

class tst_GlobalContextAttention : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void newBlockIsTheIdentity() {
    torch::manual_seed(1);
    GlobalContextAttention block(32, 4);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 32, 9, 13});
    QVERIFY(torch::equal(block(x), x));
  }

  // What it is for: one pixel's change reaches the opposite corner, which a 3x3 conv cannot.
  void everyPositionSeesTheWholeMap() {
    torch::manual_seed(2);
    auto block = trainedLooking(16, 2);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({1, 16, 10, 13});
    auto y = x.clone();
    y.index_put_({0, at::indexing::Slice(), 0, 0}, y.index({0, at::indexing::Slice(), 0, 0}) + 3.0);
    const auto far = (block(y) - block(x)).index({0, at::indexing::Slice(), 9, 12});
    QVERIFY2(far.abs().max().item<double>() > 1e-4, "the far corner did not see the change");
    QCOMPARE(block(x).sizes().vec(), x.sizes().vec());
  }

  // The position code gives every position its own code, so the same content at two places can
  // attend differently; its values are those of sines and cosines.
  void positionCodeIsDistinctPerPosition() {
    const auto code = GlobalContextAttention::Impl::positionCode(10, 13, at::TensorOptions());
    QCOMPARE(code.sizes().vec(),
             (std::vector<int64_t>{1, 4 * GlobalContextAttention::Impl::kFrequencies, 10, 13}));
    QVERIFY(code.abs().max().item<double>() <= 1.0);
    const auto flat = code.view({code.size(1), -1}).t();  // [positions, code]
    const auto distances = at::cdist(flat, flat) + at::eye(flat.size(0)) * 10.0;
    QVERIFY(distances.min().item<double>() > 0.05);
    // Resolution-independent: the centre of an odd map has coordinate 0 (sin 0, cos 1).
    const auto centre = GlobalContextAttention::Impl::positionCode(5, 7, at::TensorOptions())
                            .index({0, at::indexing::Slice(), 2, 3});
    QVERIFY(torch::allclose(centre.index({0}), torch::zeros({}), 1e-6, 1e-6));
    QVERIFY(torch::allclose(centre.index({1}), torch::ones({}), 1e-6, 1e-6));
  }

  void gradientsReachEveryParameterOnceOutIsNonZero() {
    torch::manual_seed(3);
    auto block = trainedLooking(16, 4);
    block(torch::randn({2, 16, 6, 8})).square().mean().backward();
    const auto missing = test::parametersWithoutGrad(*block);
    QVERIFY2(missing.empty(), missing.empty() ? "" : missing.front().c_str());
  }

  void badShapesAreRefused() {
    QVERIFY(test::errorOf([] { GlobalContextAttention(30, 4); }).contains("multiple of heads"));
    QVERIFY(test::errorOf([] { GlobalContextAttention(16, 0); }).contains("multiple of heads"));
    GlobalContextAttention block(16, 2);
    const QString msg = test::errorOf([&] { block(torch::randn({1, 8, 4, 4})); });
    QVERIFY2(msg.contains("8 channels, expected 16"), qPrintable(msg));
  }
};

QTEST_GUILESS_MAIN(tst_GlobalContextAttention)
#include "tst_GlobalContextAttention.moc"
