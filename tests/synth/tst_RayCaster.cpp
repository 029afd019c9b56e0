// Ray casting against the analytic primitives: distances and normals with known answers.
#include <ATen/ATen.h>

#include <QtTest/QtTest>
#include <cmath>

#include "core/synth/RayCaster.h"

using namespace ds;

namespace {

torch::Tensor rays(std::initializer_list<std::array<float, 3>> v) {
  std::vector<float> flat;
  for (const auto& a : v) flat.insert(flat.end(), a.begin(), a.end());
  auto t = torch::tensor(flat).view({int64_t(v.size()), 3});
  return t / t.norm(2, 1, true);
}

}  // namespace

class tst_RayCaster : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void planeBoxSphereCylinderDistances() {
    SceneDescription s;
    s.materials.resize(4);
    s.planes.push_back({{0, 0, 1}, 10.0f, 0});               // wall z = 10
    s.boxes.push_back({{0, 0, 5}, {1, 1, 1}, 0.0f, 1});       // front face at z = 4
    s.spheres.push_back({{5, 0, 0}, 1.0f, 2});                // surface at x = 4
    s.cylinders.push_back({0, -6, 0.5f, -1, 1, 3});           // side at z = -5.5
    const RayCaster c(s, torch::kCPU);
    const auto o = torch::zeros({5, 3});
    const auto d = rays({{0, 0, 1}, {1, 0, 0}, {0, 0, -1}, {0, 1, 0}, {0.3f, 0, 1}});
    const RayHits h = c.cast(o, d);
    QVERIFY(std::abs(h.t[0].item<float>() - 4.0f) < 1e-4);  // the box before the wall
    QCOMPARE(h.material[0].item<int64_t>(), int64_t(1));
    QVERIFY(std::abs(h.normal[0][2].item<float>() + 1.0f) < 1e-5);  // facing the ray
    QVERIFY(std::abs(h.t[1].item<float>() - 4.0f) < 1e-4);  // sphere
    QVERIFY(std::abs(h.normal[1][0].item<float>() + 1.0f) < 1e-4);
    QVERIFY(std::abs(h.t[2].item<float>() - 5.5f) < 1e-4);  // cylinder side
    QCOMPARE(h.material[2].item<int64_t>(), int64_t(3));
    QVERIFY(std::isinf(h.t[3].item<float>()));  // straight up: nothing
    QCOMPARE(h.material[3].item<int64_t>(), int64_t(-1));
    // x = 0.3 z passes beside the box (|x| > 1 for z >= 4) and meets the wall at z = 10.
    QVERIFY(std::abs(h.t[4].item<float>() - 10.0f / d[4][2].item<float>()) < 1e-3);
    QCOMPARE(h.material[4].item<int64_t>(), int64_t(0));
  }

  void yawedBoxAndOcclusion() {
    SceneDescription s;
    s.materials.resize(1);
    // A thin slab turned 90 degrees: its long side now spans z, so a ray along +x hits its face.
    s.boxes.push_back({{3, 0, 0}, {2, 1, 0.1f}, float(M_PI / 2), 0});
    const RayCaster c(s, torch::kCPU);
    const auto o = torch::zeros({1, 3});
    const auto d = rays({{1, 0, 0}});
    QVERIFY(std::abs(c.cast(o, d).t[0].item<float>() - 2.9f) < 1e-4);
    QVERIFY(c.occluded(o, d, torch::full({1}, 5.0f))[0].item<bool>());
    QVERIFY(!c.occluded(o, d, torch::full({1}, 2.0f))[0].item<bool>());
  }
};

QTEST_GUILESS_MAIN(tst_RayCaster)
#include "tst_RayCaster.moc"
