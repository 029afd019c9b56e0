// SceneSampler::corridor (world 2): a long hallway with doors along its walls and light panels
// on the ceiling, seen looking down its length: the strong perspective of office and hotel
// corridors that living rooms never show.
#include "core/synth/SceneBuilder.h"
#include "core/synth/SceneSampler.h"

namespace ds {

namespace {
constexpr float kHalfPi = 1.5707963f;
}

SceneDescription SceneSampler::corridor(std::mt19937_64& rng) {
  SceneDescription s;
  s.kind = SceneKind::Indoor;
  SceneBuilder b(s, rng);
  const float w = b.uniform(1.4f, 2.8f), h = b.uniform(2.3f, 3.0f), len = b.uniform(7.0f, 20.0f);
  const float front = -1.0f, back = front + len;
  const int floorMat = b.material(b.chance(0.4f)   ? Surface::TileFloor
                                  : b.chance(0.5f) ? Surface::Carpet
                                                   : Surface::WoodFloor);
  const int wallMat = b.material(b.chance(0.85f) ? Surface::WallPaint : Surface::WallBrick);
  b.roomShell(w, front, back, h, floorMat, wallMat);
  if (b.chance(0.7f)) {  // skirting boards
    const int skirt = b.material(Surface::FurniturePaint);
    for (int side : {-1, 1})
      b.block(side * (w / 2 - 0.01f), 0, (front + back) / 2, 0.02f, 0.1f, len, 0, skirt);
  }
  // Doors along both walls; sometimes one at the end.
  const float doorW = b.uniform(0.8f, 1.0f), doorH = b.uniform(2.0f, 2.2f);
  for (float z = front + b.uniform(0.8f, 2.5f); z < back - 1.0f; z += b.uniform(1.6f, 4.5f)) {
    const bool both = b.chance(0.35f), left = b.chance(0.5f);
    if (both || left) b.door(-w / 2, z, kHalfPi, doorW, doorH);
    if (both || !left)
      b.door(w / 2, z + (both ? b.uniform(-0.5f, 0.5f) : 0), -kHalfPi, doorW, doorH);
  }
  if (b.chance(0.5f)) b.door(b.uniform(-w / 4, w / 4), back, 3.1415927f, doorW, doorH);
  // Odd things against the walls: notice boards, a bench, a cabinet, a fire extinguisher.
  for (int i = b.integer(0, 4); i > 0; --i) {
    const float side = b.chance(0.5f) ? -1.0f : 1.0f, z = b.uniform(front + 1.0f, back - 1.0f);
    switch (b.integer(0, 3)) {
      case 0:
        b.block(side * (w / 2 - 0.02f), b.uniform(1.0f, 1.4f), z, 0.03f, b.uniform(0.5f, 0.9f),
                b.uniform(0.6f, 1.4f), 0, b.material(Surface::Decor));
        break;
      case 1:
        b.block(side * (w / 2 - 0.22f), 0, z, 0.4f, 0.45f, b.uniform(1.0f, 1.8f), 0,
                b.material(Surface::FurnitureWood));
        break;
      case 2:
        b.filingCabinet(side * (w / 2 - 0.3f), 0, z, -side * kHalfPi);
        break;
      default:
        b.cylinder(side * (w / 2 - 0.12f), z, 0.08f, 0.1f, 0.65f, b.material(Surface::CarPaint));
    }
  }
  // Ceiling panels every few metres, point lights under some of them.
  const float step = b.uniform(1.8f, 3.5f);
  const bool across = b.chance(0.5f);
  int lit = 0;
  for (float z = front + b.uniform(0.5f, 1.5f); z < back - 0.3f; z += step) {
    b.lightPanel(0, h, z, across ? w * 0.5f : 0.3f, across ? 0.3f : 1.2f);
    if (lit < 4 && (lit == 0 || b.chance(0.5f))) {
      const float p = b.uniform(1.2f, 3.0f);
      s.lights.push_back({{0, h - 0.2f, z}, {p, p, p * b.uniform(0.9f, 1.05f)}, false});
      ++lit;
    }
  }
  const float amb = b.uniform(0.12f, 0.35f);
  s.ambient = {amb, amb, amb * b.uniform(0.9f, 1.1f)};
  s.aoRadius = b.uniform(0.3f, 0.6f);
  s.maxDepth = 12.0f;
  // Looking along the corridor, mostly; sometimes towards a wall at an angle.
  s.camera.position = {b.uniform(-w / 4, w / 4), b.uniform(1.0f, 1.7f),
                       front + b.uniform(0.0f, 1.5f)};
  s.camera.yaw = b.chance(0.8f) ? b.uniform(-0.3f, 0.3f) : b.uniform(-0.9f, 0.9f);
  s.camera.pitch = b.uniform(-0.4f, 0.1f);
  s.camera.roll = b.uniform(-0.06f, 0.06f);
  s.camera.horizontalFovDeg = b.uniform(52, 72);
  return s;
}

}  // namespace ds
