// SceneSampler::street and ::landscape: outdoor scenes under a sky, seen from eye or car height.
#include <algorithm>
#include <cmath>

#include "core/synth/SceneBuilder.h"
#include "core/synth/SceneSampler.h"

namespace ds {

namespace {

void sunAndSky(SceneDescription& s, SceneBuilder& b) {
  const float elevation = b.uniform(0.2f, 1.2f), azimuth = b.uniform(-3.1f, 3.1f);
  const float power = b.uniform(2.5f, 4.5f);
  const float warm = b.uniform(0.0f, 0.15f);
  s.lights.push_back({{std::cos(elevation) * std::sin(azimuth), std::sin(elevation),
                       std::cos(elevation) * std::cos(azimuth)},
                      {power * (1 + warm), power, power * (1 - warm)},
                      true});
  const float overcast = b.uniform(0, 1);
  s.skyZenith = {0.25f + 0.45f * overcast, 0.42f + 0.33f * overcast, 0.85f - 0.05f * overcast};
  s.skyHorizon = {0.75f + 0.1f * overcast, 0.82f + 0.05f * overcast, 0.92f};
  const float amb = b.uniform(0.25f, 0.5f) * (0.7f + 0.6f * overcast);
  s.ambient = {amb * 0.9f, amb * 0.95f, amb * 1.1f};
  s.sky = true;
  s.fogDensity = b.chance(0.5f) ? b.uniform(0.001f, 0.012f) : 0.0f;
  s.fogColour = s.skyHorizon;
  s.aoRadius = b.uniform(1.0f, 2.5f);
}

}  // namespace

SceneDescription SceneSampler::street(std::mt19937_64& rng) {
  SceneDescription s;
  s.kind = SceneKind::Street;
  SceneBuilder b(s, rng);
  sunAndSky(s, b);
  const float road = b.uniform(3.0f, 7.0f);  // half width of the road
  const float walk = b.uniform(1.5f, 4.0f);  // sidewalk width
  b.plane({0, 1, 0}, 0, b.material(Surface::Asphalt));
  const int kerb = b.material(Surface::Sidewalk);
  for (int side : {-1, 1}) {
    b.block(side * (road + walk / 2), 0, 60, walk, 0.15f, 160, 0, kerb);
    // Building row: boxes of random width, height and setback along the street.
    float z = b.uniform(-10, 5);
    while (z < 140) {
      const float len = b.uniform(6, 25), gap = b.chance(0.25f) ? b.uniform(2, 12) : 0.0f;
      const float height = b.uniform(5, 32), depth = b.uniform(8, 20);
      const float x = side * (road + walk + b.uniform(0, 2) + depth / 2);
      b.block(x, 0, z + len / 2, depth, height, len, 0,
              b.material(b.chance(0.7f) ? Surface::BuildingFacade : Surface::BrickFacade));
      if (b.chance(0.3f))  // a shop awning or a ground-floor band
        b.block(side * (road + walk + 0.4f), 2.6f, z + len / 2, 0.8f, 0.15f, len * 0.9f, 0,
                b.material(Surface::Decor));
      z += len + gap;
    }
    for (float pz = b.uniform(0, 10); pz < 100; pz += b.uniform(8, 30)) {
      if (b.chance(0.5f))
        b.pole(side * (road + 0.4f), pz);
      else
        b.tree(side * (road + walk * 0.5f), pz, b.uniform(0.7f, 1.3f));
    }
  }
  // Parked and moving cars; lane markings.
  for (int i = b.integer(1, 9); i > 0; --i) {
    const bool parked = b.chance(0.6f);
    const float x =
        parked ? (b.chance(0.5f) ? -1 : 1) * (road - 1.1f) : b.uniform(-road + 1.5f, road - 1.5f);
    b.car(x, b.uniform(4, 70), b.uniform(-0.1f, 0.1f) + (b.chance(0.2f) ? 3.14159f : 0));
  }
  const int paint =
      s.addMaterial({{0.8f, 0.8f, 0.75f}, {0.6f, 0.6f, 0.55f}, Pattern::Plain, 3, 0.2f});
  for (float z = b.uniform(0, 4); z < 120; z += 6)
    b.block(0, 0, z, 0.12f, 0.005f, 3, 0, paint);
  s.maxDepth = 80.0f;
  // Car-mounted or eye-height camera looking down the street.
  s.camera.position = {b.uniform(-road + 1, road - 1), b.uniform(1.3f, 2.2f), 0};
  s.camera.yaw = b.uniform(-0.25f, 0.25f);
  s.camera.pitch = b.uniform(-0.12f, 0.06f);
  s.camera.roll = b.uniform(-0.03f, 0.03f);
  s.camera.horizontalFovDeg = b.uniform(55, 90);
  return s;
}

SceneDescription SceneSampler::landscape(std::mt19937_64& rng) {
  SceneDescription s;
  s.kind = SceneKind::Landscape;
  SceneBuilder b(s, rng);
  sunAndSky(s, b);
  b.plane({0, 1, 0}, 0, b.material(b.chance(0.7f) ? Surface::Grass : Surface::Soil));
  // Hills: huge spheres mostly below the ground, far away.
  for (int i = b.integer(2, 6); i > 0; --i) {
    const float dist = b.uniform(50, 300), ang = b.uniform(-1.0f, 1.0f);
    const float r = b.uniform(15, std::min(150.0f, dist * 0.6f));  // keeps the camera outside
    b.sphere({dist * std::sin(ang), -r * b.uniform(0.55f, 0.9f), dist * std::cos(ang)}, r,
             b.material(b.chance(0.6f) ? Surface::Grass
                                       : (b.chance(0.5f) ? Surface::Rock : Surface::Foliage)));
  }
  for (int i = b.integer(3, 25); i > 0; --i) {
    const float dist = b.uniform(4, 80), ang = b.uniform(-1.1f, 1.1f);
    b.tree(dist * std::sin(ang), dist * std::cos(ang), b.uniform(0.6f, 1.6f));
  }
  for (int i = b.integer(0, 10); i > 0; --i) {  // rocks and bushes
    const float dist = b.uniform(3, 40), ang = b.uniform(-1.0f, 1.0f), r = b.uniform(0.2f, 1.5f);
    b.sphere({dist * std::sin(ang), r * b.uniform(0.0f, 0.6f), dist * std::cos(ang)}, r,
             b.material(b.chance(0.5f) ? Surface::Rock : Surface::Foliage));
  }
  for (int i = b.integer(0, 3); i > 0; --i) {  // houses and sheds
    const float dist = b.uniform(10, 60), ang = b.uniform(-0.9f, 0.9f);
    const float w = b.uniform(4, 10), d = b.uniform(4, 10), h = b.uniform(2.5f, 6);
    const float x = dist * std::sin(ang), z = dist * std::cos(ang), yaw = b.uniform(-1.5f, 1.5f);
    b.block(x, 0, z, w, h, d, yaw,
            b.material(b.chance(0.5f) ? Surface::BuildingFacade : Surface::FurnitureWood));
    b.block(x, h, z, w * 1.1f, 0.6f, d * 1.1f, yaw, b.material(Surface::WallBrick));
  }
  if (b.chance(0.5f)) {  // a path or a fence line
    const int fence = b.material(Surface::FurnitureWood);
    const float x = b.uniform(-6, 6);
    for (float z = 3; z < 40; z += 2.5f)
      b.block(x, 0, z, 0.1f, 1.1f, 0.1f, 0, fence);
    b.block(x, 0.8f, 21, 0.05f, 0.1f, 37, 0, fence);
  }
  s.maxDepth = 80.0f;
  s.camera.position = {0, b.uniform(1.4f, 3.0f), 0};
  s.camera.yaw = b.uniform(-0.3f, 0.3f);
  s.camera.pitch = b.uniform(-0.2f, 0.1f);
  s.camera.roll = b.uniform(-0.04f, 0.04f);
  s.camera.horizontalFovDeg = b.uniform(55, 85);
  return s;
}

SceneDescription SceneSampler::sample(SceneKind kind, uint64_t seed, int world) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
  switch (kind) {
    case SceneKind::Street:
      return street(rng);
    case SceneKind::Landscape:
      return landscape(rng);
    case SceneKind::Indoor:
      break;
  }
  if (world >= 2) {  // world 1's stream stays untouched: its rooms are bit-exact
    const float u = std::uniform_real_distribution<float>(0, 1)(rng);
    if (u < 0.2f) return corridor(rng);
    if (u < 0.4f) return office(rng);
    if (u < 0.6f) return diningRoom(rng);
  }
  return indoor(rng);
}

const char* toString(SceneKind kind) {
  switch (kind) {
    case SceneKind::Street:
      return "street";
    case SceneKind::Landscape:
      return "landscape";
    case SceneKind::Indoor:
      break;
  }
  return "indoor";
}

}  // namespace ds
