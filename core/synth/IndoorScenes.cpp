// SceneSampler::indoor: a room seen by a hand-held camera.
#include <cmath>

#include "core/synth/SceneBuilder.h"
#include "core/synth/SceneSampler.h"

namespace ds {

namespace {

constexpr float kPi = 3.14159265f;

struct Room {
  float w, d, h;  // x in [-w/2, w/2], z in [zBack - d, zBack] with the camera near z = zFront
  float front, back;
};

// Something standing against a wall: position and yaw facing into the room.
struct WallSpot {
  float x, z, yaw;
};

WallSpot againstWall(SceneBuilder& b, const Room& r, float depth) {
  switch (b.integer(0, 2)) {
    case 0:  // back wall, facing the camera (-z)
      return {b.uniform(-r.w / 2 + 0.6f, r.w / 2 - 0.6f), r.back - depth / 2 - 0.02f, kPi};
    case 1:  // left wall, facing +x
      return {-r.w / 2 + depth / 2 + 0.02f, b.uniform(r.front + 1.0f, r.back - 0.6f), kPi / 2};
    default:
      return {r.w / 2 - depth / 2 - 0.02f, b.uniform(r.front + 1.0f, r.back - 0.6f), -kPi / 2};
  }
}

}  // namespace

SceneDescription SceneSampler::indoor(std::mt19937_64& rng) {
  SceneDescription s;
  s.kind = SceneKind::Indoor;
  SceneBuilder b(s, rng);
  Room r{b.uniform(2.8f, 7.0f), b.uniform(3.0f, 8.0f), b.uniform(2.3f, 3.2f), 0, 0};
  r.front = -0.8f;
  r.back = r.front + r.d;

  const int floorMat = b.material(b.chance(0.45f)   ? Surface::WoodFloor
                                  : b.chance(0.5f) ? Surface::TileFloor
                                                   : Surface::Carpet);
  const int wallMat = b.material(b.chance(0.75f)  ? Surface::WallPaint
                                 : b.chance(0.5f) ? Surface::WallBrick
                                                  : Surface::WallTile);
  const int accentMat = b.chance(0.3f) ? b.material(Surface::WallPaint) : wallMat;
  const int ceilingMat = b.material(Surface::Ceiling);
  b.plane({0, 1, 0}, 0, floorMat);
  b.plane({0, 1, 0}, r.h, ceilingMat);
  b.plane({1, 0, 0}, -r.w / 2, wallMat);
  b.plane({1, 0, 0}, r.w / 2, accentMat);
  b.plane({0, 0, 1}, r.front - 1.5f, wallMat);  // behind the camera (seen when it turns)

  // Back wall from three slabs around a doorway (or solid); beyond it a corridor's end wall.
  const float doorW = b.uniform(0.8f, 1.4f), doorH = b.uniform(1.95f, 2.2f);
  const float doorX = b.uniform(-r.w / 2 + doorW, r.w / 2 - doorW);
  const float t = 0.12f;
  if (b.chance(0.6f)) {
    const float leftW = doorX - doorW / 2 + r.w / 2, rightW = r.w / 2 - doorX - doorW / 2;
    b.block(-r.w / 2 + leftW / 2, 0, r.back + t / 2, leftW, r.h, t, 0, wallMat);
    b.block(r.w / 2 - rightW / 2, 0, r.back + t / 2, rightW, r.h, t, 0, wallMat);
    b.block(doorX, doorH, r.back + t / 2, doorW, r.h - doorH, t, 0, wallMat);
    b.plane({0, 0, 1}, r.back + b.uniform(1.5f, 5.0f), b.material(Surface::WallPaint));
    if (b.chance(0.5f))  // an open door leaf
      b.block(doorX - doorW / 2 + 0.02f, 0, r.back + t + doorW / 2 - 0.05f, 0.04f, doorH - 0.02f,
              doorW - 0.05f, 0, b.material(Surface::FurnitureWood));
  } else {
    b.plane({0, 0, 1}, r.back, wallMat);
  }
  // Skirting boards, a window-like bright panel, pictures on the walls.
  if (b.chance(0.5f)) {
    const int skirt = b.material(Surface::FurniturePaint);
    b.block(-r.w / 2 + 0.01f, 0, (r.front + r.back) / 2, 0.02f, 0.1f, r.d, 0, skirt);
    b.block(r.w / 2 - 0.01f, 0, (r.front + r.back) / 2, 0.02f, 0.1f, r.d, 0, skirt);
  }
  const int pictures = b.integer(0, 3);
  for (int i = 0; i < pictures; ++i) {
    const bool left = b.chance(0.5f);
    const float pw = b.uniform(0.3f, 1.2f), ph = b.uniform(0.3f, 0.9f);
    const float pz = b.uniform(r.front + 1.0f, r.back - 0.5f), py = b.uniform(1.1f, r.h - ph - 0.2f);
    b.block(left ? -r.w / 2 + 0.02f : r.w / 2 - 0.02f, py, pz, 0.03f, ph, pw, 0,
            b.material(Surface::Decor));
  }

  // Furniture: a few pieces against the walls, some free-standing.
  const int pieces = b.integer(3, 9);
  for (int i = 0; i < pieces; ++i) {
    const int type = b.integer(0, 6);
    if (type <= 2) {
      const WallSpot w = againstWall(b, r, type == 2 ? 0.35f : 0.55f);
      if (type == 0) b.cabinet(w.x, 0, w.z, w.yaw);
      if (type == 1) b.sofa(w.x, 0, w.z, w.yaw);
      if (type == 2) b.shelf(w.x, 0, w.z, w.yaw);
    } else {
      const float x = b.uniform(-r.w / 2 + 0.7f, r.w / 2 - 0.7f);
      const float z = b.uniform(r.front + 1.2f, r.back - 0.7f);
      const float yaw = b.uniform(-0.5f, 0.5f) + (b.chance(0.5f) ? kPi / 2 : 0);
      if (type == 3) {
        b.table(x, 0, z, yaw);
        for (int c = b.integer(0, 3); c > 0; --c) {
          float cx = x, cz = z;
          SceneBuilder::rotate(yaw, b.uniform(-0.8f, 0.8f), b.chance(0.5f) ? -0.7f : 0.7f, cx, cz);
          b.chair(cx, 0, cz, yaw + (cz > z ? kPi : 0) + b.uniform(-0.3f, 0.3f));
        }
      }
      if (type == 4) b.bed(x, 0, z, yaw);
      if (type == 5) b.lamp(x, 0, z);
      if (type == 6) b.clutter(x, 0, z, 0.5f);  // things on the floor: boxes, balls, plants
    }
  }
  if (b.chance(0.4f)) {  // a rug
    b.block(b.uniform(-1, 1), 0, b.uniform(r.front + 1.5f, r.back - 1.5f), b.uniform(1, 2.5f), 0.01f,
            b.uniform(1, 2.5f), b.uniform(-0.3f, 0.3f), b.material(Surface::Carpet));
  }

  // Lights: ceiling fittings, warm or cool; the ambient stands for bounce light.
  const int lights = b.integer(1, 3);
  const float warmth = b.uniform(-0.15f, 0.15f);
  for (int i = 0; i < lights; ++i) {
    const float power = b.uniform(2.0f, 6.0f) / lights;
    s.lights.push_back({{b.uniform(-r.w / 3, r.w / 3), r.h - 0.15f, b.uniform(r.front + 0.5f, r.back - 0.5f)},
                        {power * (1 + warmth), power, power * (1 - warmth)},
                        false});
  }
  if (b.chance(0.5f)) b.daylight(1.2f, 1.0f);
  const float amb = b.uniform(0.15f, 0.4f);
  s.ambient = {amb * (1 + warmth * 0.5f), amb, amb * (1 - warmth * 0.5f)};
  s.aoRadius = b.uniform(0.3f, 0.7f);
  s.maxDepth = 10.0f;

  // Hand-held camera: standing or sitting height, tilted down more often than up, slight roll.
  s.camera.position = {b.uniform(-r.w / 4, r.w / 4), b.uniform(0.9f, 1.75f), r.front + b.uniform(0.0f, 0.8f)};
  s.camera.yaw = b.uniform(-0.6f, 0.6f);
  s.camera.pitch = b.uniform(-0.5f, 0.12f);
  s.camera.roll = b.uniform(-0.07f, 0.07f);
  s.camera.horizontalFovDeg = b.uniform(52, 72);
  return s;
}

}  // namespace ds
