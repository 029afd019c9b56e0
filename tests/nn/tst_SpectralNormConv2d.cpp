#include <torch/types.h>
#include <QtTest/QtTest>

// Not self-contained: need torch/types.h first.
#include <torch/fft.h>
#include <torch/linalg.h>

#include <torch/nn/functional/conv.h>
#include <torch/serialize/archive.h>
#include <torch/utils.h>

#include <cmath>
#include <sstream>

#include "common/TestErrors.h"
#include "core/nn/SpectralNormConv2d.h"

namespace F = torch::nn::functional;

namespace {

// Largest singular value of a conv kernel's Fourier symbol over an M×M frequency grid: the circular
// conv's operator norm at size M, a lower bound of (and for large M, within 0.3% of) the norm on
// the infinite grid. Computed by FFT + SVD, independently of the layer's power iteration.
double symbolNorm(const torch::Tensor& weight, int m) {
  const torch::Tensor w = weight.to(torch::kFloat64);
  const torch::Tensor symbol =
      torch::fft::fft2(w, std::vector<int64_t>{m, m}).permute({2, 3, 0, 1}).contiguous();
  return torch::linalg::svdvals(symbol, c10::nullopt).max().item<double>();
}

// Operator norm of the zero-padded ("same") conv at one input size, by power iteration on
// conv + conv_transpose in double precision.
double zeroPaddedNorm(const torch::Tensor& weight, int height, int width, int iterations) {
  const torch::Tensor w = weight.to(torch::kFloat64);
  const int pad = int(w.size(2)) / 2;
  torch::Tensor u = torch::randn({1, w.size(1), height, width}, torch::kFloat64);
  u /= u.norm();
  double sigma = 0.0;
  for (int i = 0; i < iterations; ++i) {
    const torch::Tensor v = F::conv2d(u, w, F::Conv2dFuncOptions().padding(pad));
    sigma = v.norm().item<double>();
    const torch::Tensor back =
        F::conv_transpose2d(v / sigma, w, F::ConvTranspose2dFuncOptions().padding(pad));
    u = back / back.norm();
  }
  return sigma;
}

}  // namespace

class tst_SpectralNormConv2d : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { torch::manual_seed(7); }

  void operatorNormWithinBoundWhenScaledUp_data() {
    QTest::addColumn<int>("kernel");
    QTest::addColumn<double>("lipschitz");
    QTest::newRow("3x3 L=1") << 3 << 1.0;
    QTest::newRow("3x3 L=0.5") << 3 << 0.5;
    QTest::newRow("1x1 L=2") << 1 << 2.0;
  }
  void operatorNormWithinBoundWhenScaledUp() {
    QFETCH(int, kernel);
    QFETCH(double, lipschitz);
    ds::SpectralNormConv2d conv(16, 24, kernel, lipschitz);
    {
      torch::NoGradGuard noGrad;
      conv->weight.mul_(100.0);
    }
    conv->refreshSpectralBound(300);
    conv->eval();
    const torch::Tensor w = conv->effectiveWeight();
    const double fftNorm = symbolNorm(w, 128);
    const double paddedNorm = zeroPaddedNorm(w, 24, 32, 300);
    qInfo("k=%d L=%.2f: symbol norm %.5f, zero-padded 24x32 norm %.5f, raw bound %.3f", kernel,
          lipschitz, fftNorm, paddedNorm, conv->operatorNormBound());
    QVERIFY(fftNorm <= lipschitz * (1 + 1e-4));
    QVERIFY(paddedNorm <= lipschitz * (1 + 1e-4));
    // Not over-shrunk: the grid correction costs at most 1/1.041 for 3x3 at N = 32.
    QVERIFY(fftNorm >= 0.9 * lipschitz);

    // The conv applies exactly that weight.
    const torch::Tensor x = torch::randn({2, 16, 9, 11});
    const torch::Tensor expected =
        F::conv2d(x, w, F::Conv2dFuncOptions().bias(conv->bias).padding(kernel / 2));
    QVERIFY(torch::allclose(conv->forward(x), expected, 1e-5, 1e-5));
  }

  void weightWithinBoundIsUnchanged() {
    ds::SpectralNormConv2d conv(8, 8, 3, 1.0);
    {
      torch::NoGradGuard noGrad;
      conv->weight.mul_(1e-3);
    }
    conv->refreshSpectralBound(50);
    QVERIFY(conv->operatorNormBound() < 1.0);
    QVERIFY(torch::equal(conv->effectiveWeight(), conv->weight.detach()));
  }

  void zeroWeightGivesBiasAndFiniteGradients() {
    ds::SpectralNormConv2d conv(4, 6, 3, 1.0);
    {
      torch::NoGradGuard noGrad;
      conv->weight.zero_();
    }
    conv->refreshSpectralBound(5);
    QCOMPARE(conv->operatorNormBound(), 0.0);
    conv->train();
    const torch::Tensor out = conv->forward(torch::randn({1, 4, 5, 5}));
    QVERIFY(torch::equal(out, conv->bias.detach().view({1, 6, 1, 1}).expand_as(out)));
    out.sum().backward();
    QVERIFY(torch::isfinite(conv->weight.grad()).all().item<bool>());
    QVERIFY(std::abs(conv->named_buffers()["u"].norm().item<double>() - 1.0) < 1e-5);
  }

  void evalIsDeterministicTrainingAdvances() {
    ds::SpectralNormConv2d conv(8, 12, 3, 1.0);
    const torch::Tensor x = torch::randn({2, 8, 10, 10});
    const torch::Tensor u0 = conv->named_buffers()["u"].clone();
    conv->eval();
    const torch::Tensor a = conv->forward(x);
    const torch::Tensor b = conv->forward(x);
    QVERIFY(torch::equal(a, b));
    QVERIFY(torch::equal(conv->named_buffers()["u"], u0));
    conv->train();
    conv->forward(x);
    QVERIFY(!torch::equal(conv->named_buffers()["u"], u0));
  }

  void switchingToEvalAccountsForChangedWeights() {
    // An optimiser step after the last training forward must not leave eval with a stale bound.
    ds::SpectralNormConv2d conv(8, 12, 3, 1.0);
    conv->refreshSpectralBound(50);
    const double before = conv->operatorNormBound();
    {
      torch::NoGradGuard noGrad;
      conv->weight.mul_(3.0);
    }
    conv->eval();
    QVERIFY(std::abs(conv->operatorNormBound() - 3 * before) < 1e-4 * before);
  }

  void buffersTravelWithTheWeights() {
    ds::SpectralNormConv2d conv(8, 12, 3, 0.8);
    const auto buffers = conv->named_buffers();
    QVERIFY(buffers.contains("u"));
    QVERIFY(buffers.contains("sigma"));
    QCOMPARE(buffers["u"].sizes().vec(), (std::vector<int64_t>{1, 8, 32, 32}));
    {
      torch::NoGradGuard noGrad;
      conv->weight.mul_(50.0);
    }
    conv->refreshSpectralBound(20);
    conv->eval();

    torch::serialize::OutputArchive out;
    conv->save(out);
    std::ostringstream bytes;
    out.save_to(bytes);

    torch::manual_seed(99);
    ds::SpectralNormConv2d loaded(8, 12, 3, 0.8);
    torch::serialize::InputArchive in;
    std::istringstream read(bytes.str());
    in.load_from(read);
    loaded->load(in);
    loaded->eval();
    QVERIFY(torch::equal(loaded->named_buffers()["u"], conv->named_buffers()["u"]));
    const torch::Tensor x = torch::randn({1, 8, 7, 9});
    QVERIFY(torch::equal(loaded->forward(x), conv->forward(x)));
  }

  void badArgumentsRefused() {
    using ds::test::errorOf;
    QVERIFY(errorOf([] { ds::SpectralNormConv2d(0, 4, 3, 1.0); }).contains("channel"));
    QVERIFY(errorOf([] { ds::SpectralNormConv2d(4, 4, 2, 1.0); }).contains("kernel"));
    QVERIFY(errorOf([] { ds::SpectralNormConv2d(4, 4, 3, 0.0); }).contains("Lipschitz"));
    QVERIFY(errorOf([] { ds::SpectralNormConv2d(4, 4, 3, -1.0); }).contains("Lipschitz"));
    QVERIFY(errorOf([] { ds::SpectralNormConv2d(4, 4, 3, std::nan("")); }).contains("Lipschitz"));
    QVERIFY(errorOf([] { ds::SpectralNormConv2d(4, 4, 3, 1.0, 8); }).contains("grid"));
    ds::SpectralNormConv2d conv(4, 4, 3, 1.0);
    QVERIFY(errorOf([&] { conv->forward(torch::zeros({1, 5, 8, 8})); }).contains("N×4×H×W"));
    QVERIFY(errorOf([&] { conv->forward(torch::zeros({4, 8, 8})); }).contains("N×4×H×W"));
  }
};

QTEST_GUILESS_MAIN(tst_SpectralNormConv2d)
#include "tst_SpectralNormConv2d.moc"
