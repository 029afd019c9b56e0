#include <torch/nn/functional/pooling.h>
#include <torch/nn/modules/conv.h>
#include <torch/utils.h>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/TestErrors.h"
#include "core/nn/AuxViewEnhancer.h"
#include "core/nn/EpipolarCorrelation.h"

namespace {

namespace F = torch::nn::functional;

torch::Tensor seededRandn(at::IntArrayRef shape, uint64_t seed) {
  at::Generator g = at::detail::createCPUGenerator(seed);
  return torch::randn(shape, g, torch::kFloat32);
}

// Smooth random texture [1, 3, h, w]: seeded noise blurred by three 5x5 box filters (about a
// Gaussian with sigma 2.4 px), so neighbouring pixels are alike, as in real images.
torch::Tensor smoothTexture(int64_t h, int64_t w, uint64_t seed) {
  torch::Tensor t = seededRandn({1, 3, h, w}, seed);
  const auto box = F::AvgPool2dFuncOptions(5).stride(1).padding(2).count_include_pad(false);
  for (int i = 0; i < 3; ++i)
    t = F::avg_pool2d(t, box);
  return (t - t.mean()) / t.std();
}

// A fixed random-init two-level encoder: level 0 at stride 2 (24 channels), level 1 at stride 4
// (48 channels), ReLU so the features are all positive like a real encoder's.
struct ToyEncoder {
  torch::nn::Conv2d conv0{torch::nn::Conv2dOptions(3, 24, 3).stride(2).padding(1)};
  torch::nn::Conv2d conv1{torch::nn::Conv2dOptions(24, 48, 3).stride(2).padding(1)};
  std::vector<torch::Tensor> operator()(const torch::Tensor& image) {
    torch::Tensor f0 = torch::relu(conv0->forward(image));
    torch::Tensor f1 = torch::relu(conv1->forward(f0));
    return {f0, f1};
  }
};

ds::AuxViewEnhancer makeEnhancer(int maxDisparity = 64) {
  torch::manual_seed(3);
  ds::AuxViewEnhancerConfig config;
  config.channels = {24, 48};
  config.maxDisparity = maxDisparity;
  return ds::AuxViewEnhancer(config);
}

std::vector<torch::Tensor> randomLevels(int64_t n, int64_t h, int64_t w, uint64_t seed) {
  // Four levels like the encoder's: strides 2, 4, 8, 16 and channels 24, 48, 96, 160.
  const int64_t channels[] = {24, 48, 96, 160};
  std::vector<torch::Tensor> levels;
  for (int l = 0; l < 4; ++l)
    levels.push_back(seededRandn({n, channels[l], h >> (l + 1), w >> (l + 1)}, seed + l));
  return levels;
}

}  // namespace

class tst_AuxViewEnhancer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void withoutAuxReturnsMainItself() {
    ds::AuxViewEnhancer enhancer = makeEnhancer();
    const std::vector<torch::Tensor> main = randomLevels(1, 64, 96, 10);
    const std::vector<torch::Tensor> out = enhancer->forward(main, std::nullopt);
    QCOMPARE(out.size(), size_t(2));
    for (size_t l = 0; l < out.size(); ++l) {
      QVERIFY(out[l].is_same(main[l]));
      QCOMPARE(out[l].data_ptr<float>(), main[l].data_ptr<float>());
    }
  }

  void newModuleReturnsMainButAlignsAux() {
    ds::AuxViewEnhancer enhancer = makeEnhancer();
    const std::vector<torch::Tensor> main = randomLevels(1, 64, 96, 20);
    const std::vector<torch::Tensor> aux = randomLevels(1, 64, 96, 30);
    const std::vector<torch::Tensor> out = enhancer->forward(main, aux);
    for (size_t l = 0; l < out.size(); ++l)
      QVERIFY(torch::equal(out[l], main[l]));  // zero-initialised fusion: exactly main
    const ds::AuxViewAlignment a = enhancer->alignAux(0, main[0], aux[0]);
    QCOMPARE(a.aligned.sizes(), aux[0].sizes());
    QVERIFY(a.aligned.abs().mean().item<float>() > 0.1f);
    QVERIFY((a.aligned - aux[0]).abs().mean().item<float>() > 0.1f);
    QVERIFY(a.disparity.max().item<float>() > 1.0f);
  }

  // The key behaviour: on a known shift, untrained (random-init) features are aligned correctly.
  void alignsAKnownShiftWithUntrainedFeatures() {
    const int64_t h = 128, w = 192, shift = 16;  // full-resolution px: 8 at level 0, 4 at level 1
    const torch::Tensor scene = smoothTexture(h, w + shift, 42);
    // left(x) = scene(x), right(x) = scene(x + shift), so left(x) = right(x - shift).
    const torch::Tensor left = scene.narrow(3, 0, w).contiguous();
    const torch::Tensor right = scene.narrow(3, shift, w).contiguous();
    torch::manual_seed(11);
    ToyEncoder encoder;
    ds::AuxViewEnhancer enhancer = makeEnhancer(64);
    torch::NoGradGuard noGrad;
    const std::vector<torch::Tensor> main = encoder(left), aux = encoder(right);
    for (int level = 0; level < 2; ++level) {
      const int64_t d = shift / ds::AuxViewEnhancerImpl::stride(level);
      const ds::AuxViewAlignment a = enhancer->alignAux(level, main[level], aux[level]);
      // Interior: the aux match x - d is inside, and away from the zero-padded columns.
      const int64_t x0 = d + 2, width = main[level].size(3) - 2 - x0;
      auto interior = [&](const torch::Tensor& t) { return t.narrow(3, x0, width); };
      const float alignedError =
          (interior(a.aligned) - interior(main[level])).abs().mean().item<float>();
      const float unalignedError =
          (interior(aux[level]) - interior(main[level])).abs().mean().item<float>();
      const float recovered = ((interior(a.disparity) - float(d)).abs() < 0.5f)
                                  .to(torch::kFloat32)
                                  .mean()
                                  .item<float>();
      qInfo(
          "level %d: aligned error %.4f, unaligned %.4f (ratio %.3f), disparity within 0.5 px: "
          "%.3f",
          level, alignedError, unalignedError, alignedError / unalignedError, recovered);
      QVERIFY(alignedError < 0.2f * unalignedError);
      QVERIFY(recovered >= 0.9f);
    }
  }

  void oneHotSoftWarpIsAnIntegerShift() {
    const int64_t n = 2, c = 5, h = 6, w = 20, candidates = 7;
    const torch::Tensor aux = seededRandn({n, c, h, w}, 5);
    at::Generator g = at::detail::createCPUGenerator(6);
    const torch::Tensor k = torch::randint(candidates, {n, h, w}, g, torch::kLong);
    const torch::Tensor prob =
        torch::one_hot(k, candidates).permute({0, 3, 1, 2}).to(torch::kFloat32).contiguous();
    const torch::Tensor aligned = ds::softWarpAlongRows(aux, prob);
    torch::Tensor expected = torch::zeros_like(aux);
    auto ka = k.accessor<int64_t, 3>();
    for (int64_t b = 0; b < n; ++b)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
          if (x - ka[b][y][x] >= 0)
            expected.select(0, b).select(1, y).select(1, x).copy_(
                aux.select(0, b).select(1, y).select(1, x - ka[b][y][x]));
    QVERIFY(torch::equal(aligned, expected));
    QVERIFY(torch::equal(ds::expectedDisparity(prob), k.unsqueeze(1).to(torch::kFloat32)));
  }

  void correlationMasksCandidatesOutsideTheAuxImage() {
    const torch::Tensor main = seededRandn({1, 4, 3, 10}, 7), aux = seededRandn({1, 4, 3, 10}, 8);
    const torch::Tensor cost =
        ds::rowCorrelationVolume(main, aux, 12);  // more candidates than columns
    QCOMPARE(cost.sizes(), (at::IntArrayRef{1, 12, 3, 10}));
    for (int64_t d = 0; d < 12; ++d)
      for (int64_t x = 0; x < 10; ++x) {
        const float v = cost[0][d][1][x].item<float>();
        if (x < d) {
          QVERIFY(std::isinf(v) && v < 0);
        } else {
          const float dot =
              (main[0].select(1, 1).select(1, x) * aux[0].select(1, 1).select(1, x - d))
                  .sum()
                  .item<float>();
          QVERIFY(std::abs(v - dot) < 1e-5f);
        }
      }
    const torch::Tensor prob = torch::softmax(cost, 1);
    QVERIFY(!prob.isnan().any().item<bool>());
    QCOMPARE(prob[0][3][2][2].item<float>(), 0.0f);
  }

  // Large levels are searched band by band of rows; the bands must join into the whole answer.
  void bandedSearchEqualsTheWholeVolume() {
    const int64_t h = 150, w = 1024, candidates = 65;  // about 63 rows a band: three bands
    const torch::Tensor mainKey = seededRandn({1, 4, h, w}, 12);
    const torch::Tensor auxKey = seededRandn({1, 4, h, w}, 13);
    const torch::Tensor aux = seededRandn({1, 3, h, w}, 14);
    const ds::AuxViewAlignment a = ds::alignAlongRows(mainKey, auxKey, aux, candidates);
    const torch::Tensor prob =
        torch::softmax(ds::rowCorrelationVolume(mainKey, auxKey, candidates), 1);
    QVERIFY(torch::allclose(a.aligned, ds::softWarpAlongRows(aux, prob), 1e-5, 1e-5));
    QVERIFY(torch::allclose(a.disparity, ds::expectedDisparity(prob), 1e-4, 1e-4));
    QVERIFY(torch::allclose(a.confidence, std::get<0>(prob.max(1, true)), 1e-6, 1e-6));
  }

  void gradientsReachEveryParameter() {
    ds::AuxViewEnhancer enhancer = makeEnhancer();
    std::vector<torch::Tensor> main = randomLevels(1, 48, 64, 40),
                               aux = randomLevels(1, 48, 64, 50);
    for (auto& t : aux)
      t.requires_grad_(true);
    auto backward = [&] {
      enhancer->zero_grad();
      const std::vector<torch::Tensor> out = enhancer->forward(main, aux);
      torch::Tensor loss = torch::zeros({});
      for (size_t l = 0; l < out.size(); ++l)
        loss = loss + (out[l] * seededRandn(out[l].sizes(), 60 + l)).sum();
      loss.backward();
    };
    // At start only the zero-initialised output convolutions can receive a gradient.
    backward();
    for (const auto& p : enhancer->named_parameters())
      if (p.key().find("update.weight") != std::string::npos)
        QVERIFY2(p.value().grad().defined() && p.value().grad().abs().sum().item<float>() > 0,
                 p.key().c_str());
    // After one step away from zero, the gradient reaches everything, including the aux features.
    {
      torch::NoGradGuard noGrad;
      for (auto& p : enhancer->named_parameters())
        if (p.key().find("update.weight") != std::string::npos)
          p.value().add_(0.01 * seededRandn(p.value().sizes(), 70));
    }
    backward();
    for (const auto& p : enhancer->named_parameters()) {
      QVERIFY2(p.value().grad().defined() && p.value().grad().abs().sum().item<float>() > 0,
               p.key().c_str());
      QVERIFY2(p.value().grad().isfinite().all().item<bool>(), p.key().c_str());  // masked -inf
    }
    QVERIFY(aux[0].grad().abs().sum().item<float>() > 0);
    torch::NoGradGuard noGrad;
    QVERIFY(!torch::equal(enhancer->forward(main, aux)[0], main[0]));
  }

  void shapesForNonSquareBatchOfTwo() {
    ds::AuxViewEnhancer enhancer = makeEnhancer(96);
    const std::vector<torch::Tensor> main = randomLevels(2, 80, 144, 80),
                                     aux = randomLevels(2, 80, 144, 90);
    torch::NoGradGuard noGrad;
    const std::vector<torch::Tensor> out = enhancer->forward(main, aux);
    QCOMPARE(out.size(), size_t(2));
    for (int l = 0; l < 2; ++l) {
      QCOMPARE(out[size_t(l)].sizes(), main[size_t(l)].sizes());
      const ds::AuxViewAlignment a = enhancer->alignAux(l, main[size_t(l)], aux[size_t(l)]);
      QCOMPARE(a.aligned.sizes(), main[size_t(l)].sizes());
      QCOMPARE(a.disparity.sizes(), (at::IntArrayRef{2, 1, 80 >> (l + 1), 144 >> (l + 1)}));
      QVERIFY(a.disparity.min().item<float>() >= 0.0f);
      QVERIFY(a.disparity.max().item<float>() <= float(enhancer->numCandidates(l) - 1));
      QVERIFY(a.confidence.min().item<float>() > 0.0f && a.confidence.max().item<float>() <= 1.0f);
    }
    // Channels-last features (a network converted to NHWC) give the same search.
    const ds::AuxViewAlignment nhwc =
        enhancer->alignAux(0, main[0].contiguous(at::MemoryFormat::ChannelsLast),
                           aux[0].contiguous(at::MemoryFormat::ChannelsLast));
    const ds::AuxViewAlignment nchw = enhancer->alignAux(0, main[0], aux[0]);
    QVERIFY(torch::allclose(nhwc.aligned, nchw.aligned, 1e-5, 1e-5));
    QVERIFY(torch::allclose(nhwc.disparity, nchw.disparity, 1e-4, 1e-4));
    QCOMPARE(enhancer->numCandidates(0), int64_t(49));
    QCOMPARE(enhancer->numCandidates(1), int64_t(25));
  }

  void badConfigsAreRefused() {
    auto refused = [](auto edit, const char* expected) {
      ds::AuxViewEnhancerConfig c;
      edit(c);
      const QString message = ds::test::errorOf([&] { c.check(); });
      QVERIFY2(message.contains(expected), qPrintable(message));
      QVERIFY(ds::test::errorOf([&] { ds::AuxViewEnhancer e(c); }).contains(expected));
    };
    ds::AuxViewEnhancerConfig().check();  // defaults are valid
    refused([](auto& c) { c.channels.clear(); }, "channels");
    refused([](auto& c) { c.channels = {24, 48, 96, 160, 256}; }, "channels");
    refused([](auto& c) { c.channels = {24, 0}; }, "channels[1]");
    refused([](auto& c) { c.maxDisparity = 3; }, "maxDisparity");  // no candidate at stride 4
    refused([](auto& c) { c.temperature = 0; }, "temperature");
    refused([](auto& c) { c.temperature = std::nan(""); }, "temperature");
    refused([](auto& c) { c.fusionHidden = -1; }, "fusionHidden");
  }

  void configJsonRoundTripsAndRejectsBadFields() {
    ds::AuxViewEnhancerConfig c;
    c.channels = {16, 32, 64};
    c.maxDisparity = 128;
    c.temperature = 0.125;
    c.fusionHidden = 8;
    const ds::AuxViewEnhancerConfig back = ds::AuxViewEnhancerConfig::fromJson(c.toJson());
    QVERIFY(back.channels == c.channels);
    QCOMPARE(back.maxDisparity, 128);
    QCOMPARE(back.temperature, 0.125);
    QCOMPARE(back.fusionHidden, 8);
    auto refused = [&](auto edit, const char* expected) {
      nlohmann::json j = c.toJson();
      edit(j);
      const QString message = ds::test::errorOf([&] { ds::AuxViewEnhancerConfig::fromJson(j); });
      QVERIFY2(message.contains(expected), qPrintable(message));
    };
    refused([](auto& j) { j.erase("temperature"); }, "missing 'temperature'");
    refused([](auto& j) { j["maxDisparity"] = "wide"; }, "'maxDisparity' must be an integer");
    refused([](auto& j) { j["channels"] = {16, 2.5}; }, "'channels' must hold integers");
    refused([](auto& j) { j["fusionHidden"] = 0; }, "fusionHidden must be positive");
    refused([](auto& j) { j = nlohmann::json::array(); }, "expected a JSON object");
  }

  void badFeatureInputsAreRefused() {
    ds::AuxViewEnhancer enhancer = makeEnhancer();
    const std::vector<torch::Tensor> main = randomLevels(1, 64, 96, 100);
    std::vector<torch::Tensor> aux = randomLevels(1, 64, 96, 110);
    QVERIFY(ds::test::errorOf([&] {
              enhancer->forward({main[0]}, std::nullopt);
            }).contains("needs 2 main feature levels"));
    QVERIFY(ds::test::errorOf([&] {
              enhancer->forward(main, std::vector<torch::Tensor>{aux[0]});
            }).contains("needs 2 aux feature levels"));
    aux[1] = aux[1].narrow(3, 0, 10);
    QVERIFY(
        ds::test::errorOf([&] {
          enhancer->forward(main, aux);
        }).contains("level 1: aux features [1, 48, 16, 10] must have the main features' shape"));
    QVERIFY(ds::test::errorOf([&] {
              enhancer->alignAux(0, main[1], main[1]);
            }).contains("main features must be [N, 24, H, W]"));
    QVERIFY(ds::test::errorOf([&] {
              enhancer->alignAux(2, main[2], main[2]);
            }).contains("level 2 is not one of the 2 enhanced levels"));
    QVERIFY(ds::test::errorOf([&] {
              ds::rowCorrelationVolume(main[0], main[0], 0);
            }).contains("numCandidates must be >= 1"));
    QVERIFY(ds::test::errorOf([&] {
              ds::softWarpAlongRows(main[0], main[1]);
            }).contains("does not match aux"));
  }
};

QTEST_GUILESS_MAIN(tst_AuxViewEnhancer)
#include "tst_AuxViewEnhancer.moc"
