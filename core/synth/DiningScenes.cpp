// SceneSampler::diningRoom (world 2): a table with four to eight chairs around it, a hanging lamp,
// a sideboard, seen from standing height looking down at the table: the close, cluttered
// table-and-chairs views of hand-held RGB-D captures.
#include <cmath>

#include "core/synth/SceneBuilder.h"
#include "core/synth/SceneSampler.h"

namespace ds {

namespace {
constexpr float kPi = 3.1415927f;
}

SceneDescription SceneSampler::diningRoom(std::mt19937_64& rng) {
  SceneDescription s;
  s.kind = SceneKind::Indoor;
  SceneBuilder b(s, rng);
  const float w = b.uniform(3.0f, 6.0f), d = b.uniform(3.5f, 7.0f), h = b.uniform(2.3f, 3.0f);
  const float front = -0.8f, back = front + d;
  const int floorMat = b.material(b.chance(0.6f) ? Surface::WoodFloor : Surface::TileFloor);
  b.roomShell(w, front, back, h, floorMat,
              b.material(b.chance(0.8f) ? Surface::WallPaint : Surface::WallTile));

  // The table and its chairs: along both long sides, sometimes at the ends; some pulled out.
  const float tw = b.uniform(1.2f, 2.4f), td = b.uniform(0.8f, 1.1f);
  const float tx = b.uniform(-0.4f, 0.4f), tz = front + b.uniform(1.6f, 3.0f);
  const float tyaw = (b.chance(0.5f) ? 0.0f : kPi / 2) + b.uniform(-0.15f, 0.15f);
  b.diningTable(tx, 0, tz, tyaw, tw, td);
  const int perSide = tw > 1.7f ? b.integer(2, 4) : b.integer(1, 3);
  for (int side : {-1, 1})
    for (int i = 0; i < perSide; ++i) {
      if (b.chance(0.12f)) continue;
      float cx = tx, cz = tz;
      const float along = (i + 0.5f) * tw / perSide - tw / 2;
      SceneBuilder::rotate(tyaw, along, side * (td / 2 + b.uniform(0.15f, 0.5f)), cx, cz);
      // chair() seats face local +z: towards the table from side -1, turned round from side +1.
      b.chair(cx, 0, cz, tyaw + (side > 0 ? kPi : 0) + b.uniform(-0.25f, 0.25f));
    }
  for (int end : {-1, 1})
    if (b.chance(0.4f)) {
      float cx = tx, cz = tz;
      SceneBuilder::rotate(tyaw, end * (tw / 2 + b.uniform(0.2f, 0.45f)), 0, cx, cz);
      b.chair(cx, 0, cz, tyaw + end * kPi / 2 + b.uniform(-0.2f, 0.2f));
    }
  b.pendant(tx, tz, h, b.uniform(1.4f, 1.9f));

  // Against the walls: a sideboard, a cabinet or shelf, pictures.
  for (int i = b.integer(1, 3); i > 0; --i) {
    const int side = b.chance(0.5f) ? -1 : 1;
    const float z = b.uniform(front + 0.8f, back - 0.6f), yaw = side < 0 ? kPi / 2 : -kPi / 2;
    if (b.chance(0.5f))
      b.cabinet(side * (w / 2 - 0.3f), 0, z, yaw);
    else
      b.shelf(side * (w / 2 - 0.2f), 0, z, yaw);
  }
  if (b.chance(0.6f)) b.cabinet(b.uniform(-w / 3, w / 3), 0, back - 0.3f, kPi);
  for (int i = b.integer(0, 2); i > 0; --i)
    b.block(b.uniform(-w / 3, w / 3), b.uniform(1.2f, 1.6f), back - 0.02f, b.uniform(0.4f, 1.0f),
            b.uniform(0.3f, 0.7f), 0.03f, 0, b.material(Surface::Decor));

  // The pendant's light, a ceiling light, sometimes daylight; often dim.
  const float p = b.uniform(0.8f, 2.5f), warmth = b.uniform(0.0f, 0.2f);
  s.lights.push_back(
      {{tx, b.uniform(1.3f, 1.8f), tz}, {p * (1 + warmth), p, p * (1 - warmth)}, false});
  if (b.chance(0.6f)) {
    const float q = b.uniform(1.0f, 3.0f);
    s.lights.push_back({{b.uniform(-w / 3, w / 3), h - 0.15f, b.uniform(front + 0.5f, back - 0.5f)},
                        {q, q, q * 0.95f},
                        false});
  }
  if (b.chance(0.4f)) b.daylight(1.0f, 1.0f);
  const float amb = b.uniform(0.1f, 0.35f);
  s.ambient = {amb * (1 + warmth * 0.5f), amb, amb * (1 - warmth * 0.5f)};
  s.aoRadius = b.uniform(0.3f, 0.7f);
  s.maxDepth = 10.0f;
  // Standing near the front, looking down at the table from a little to one side.
  s.camera.position = {b.uniform(-w / 4, w / 4), b.uniform(1.1f, 1.75f),
                       front + b.uniform(0.0f, 0.6f)};
  s.camera.yaw =
      std::atan2(tx - s.camera.position[0], tz - s.camera.position[2]) + b.uniform(-0.35f, 0.35f);
  s.camera.pitch = b.uniform(-0.7f, -0.1f);
  s.camera.roll = b.uniform(-0.07f, 0.07f);
  s.camera.horizontalFovDeg = b.uniform(52, 68);
  return s;
}

}  // namespace ds
