// The procedural world: exact depth where the answer is known, a rectified right view, and
// determinism by seed.
#include <ATen/ATen.h>

#include <QtTest/QtTest>
#include <cmath>

#include "core/synth/SceneRenderer.h"
#include "core/synth/SynthGenerator.h"

using namespace ds;

class tst_SynthGenerator : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void frontoParallelWallHasConstantZDepth() {
    // z-depth (not ray length) is constant on a wall facing the camera; the sky is invalid.
    SceneDescription s;
    s.materials.push_back({{0.5f, 0.4f, 0.3f}, {0.2f, 0.2f, 0.2f}, Pattern::Brick, 1, 0.5f});
    s.planes.push_back({{0, 0, 1}, 6.0f, 0});
    s.camera.position = {0, 1, 0};
    s.maxDepth = 50;
    const SceneRenderer r(64, 48, 0, torch::kCPU);
    const RenderedView v = r.render(s, 0.0, 1);
    QVERIFY(v.hit.all().item<bool>());
    QVERIFY((v.depth - 6.0).abs().max().item<float>() < 1e-3);
    // Looking away from the wall, at the sky: nothing hit, depth invalid.
    s.camera.yaw = float(M_PI);
    s.sky = true;
    QVERIFY(!r.render(s, 0.0, 1).hit.any().item<bool>());
  }

  void sphereDepthAtTheCentrePixel() {
    SceneDescription s;
    s.materials.resize(1);
    s.spheres.push_back({{0, 0, 10}, 2.0f, 0});
    s.camera.position = {0, 0, 0};
    const SceneRenderer r(65, 65, 0, torch::kCPU);
    const RenderedView v = r.render(s, 0.0, 1);
    QVERIFY(std::abs(v.depth[0][32][32].item<float>() - 8.0f) < 0.01f);
  }

  void rightViewIsTheLeftShiftedByTheDisparity() {
    // A textured wall at z = 4 seen with baseline B: disparity fx * B / z pixels everywhere;
    // left(x) = right(x - d).
    SceneDescription s;
    s.materials.push_back({{0.7f, 0.6f, 0.5f}, {0.1f, 0.1f, 0.1f}, Pattern::Tile, 3, 0.9f});
    s.planes.push_back({{0, 0, 1}, 4.0f, 0});
    s.ambient = {1, 1, 1};
    const SceneRenderer r(128, 64, 0, torch::kCPU);
    const int d = 6;  // a baseline that makes the disparity a whole number of pixels
    const double baseline = d * 4.0 / r.camera(s).fx;
    const auto left = r.render(s, 0.0, 1).radiance, right = r.render(s, baseline, 1).radiance;
    const auto l = left.slice(2, d), rr = right.slice(2, 0, 128 - d);
    QVERIFY2((l - rr).abs().mean().item<float>() < 0.01f,
             qPrintable(QString::number((l - rr).abs().mean().item<float>())));
    QVERIFY((left - right).abs().mean().item<float>() > 0.02f);  // and it is not the same image
  }

  void generatorIsDeterministicAndCoversEveryKind() {
    SynthOptions o;
    o.width = 64;
    o.height = 48;
    o.stereo = true;
    o.holes = true;
    o.aoRays = 1;
    const SynthGenerator g(o, torch::kCPU);
    const SynthSample a = g.generate(7), b = g.generate(7), c = g.generate(8);
    QVERIFY(torch::equal(a.rgb, b.rgb));
    QVERIFY(torch::equal(a.depth, b.depth));
    QVERIFY(torch::equal(a.right, b.right));
    QVERIFY(!torch::equal(a.rgb, c.rgb));
    QCOMPARE(a.rgb.sizes().vec(), (std::vector<int64_t>{3, 48, 64}));
    QVERIFY(a.rgb.min().item<float>() >= 0 && a.rgb.max().item<float>() <= 1);
    QVERIFY(a.baseline >= o.baselineMin && a.baseline <= o.baselineMax);
    QVERIFY(torch::equal(a.valid, a.depth > 0));
    int kinds[3] = {0, 0, 0};
    for (uint64_t seed = 0; seed < 60; ++seed) ++kinds[int(g.kindFor(seed))];
    QVERIFY(kinds[0] > 25 && kinds[1] > 5 && kinds[2] > 3);
    // Outdoor scenes have sky (invalid depth) and metric depth within range.
    for (uint64_t seed = 0; seed < 60; ++seed)
      if (g.kindFor(seed) == SceneKind::Street) {
        o.stereo = false;
        o.holes = false;
        const SynthSample s = SynthGenerator(o, torch::kCPU).generate(seed);
        QVERIFY(!s.valid.all().item<bool>());
        QVERIFY(s.depth.max().item<float>() <= 80.0f);
        break;
      }
  }
};

QTEST_GUILESS_MAIN(tst_SynthGenerator)
#include "tst_SynthGenerator.moc"
