// SceneSampler::office (world 2): an open-plan office: rows of desks with monitors and chairs
// between cubicle screens, filing cabinets and shelves along the walls, a grid of ceiling panels.
#include "core/synth/SceneBuilder.h"
#include "core/synth/SceneSampler.h"

namespace ds {

namespace {
constexpr float kPi = 3.1415927f;
}

SceneDescription SceneSampler::office(std::mt19937_64& rng) {
  SceneDescription s;
  s.kind = SceneKind::Indoor;
  SceneBuilder b(s, rng);
  const float w = b.uniform(4.5f, 10.0f), d = b.uniform(5.0f, 12.0f), h = b.uniform(2.5f, 3.1f);
  const float front = -0.8f, back = front + d;
  const int floorMat = b.material(b.chance(0.6f) ? Surface::Carpet : Surface::TileFloor);
  b.roomShell(w, front, back, h, floorMat, b.material(Surface::WallPaint));
  if (b.chance(0.5f)) b.door(b.uniform(-w / 3, w / 3), back, kPi, 0.9f, 2.1f);

  // Desk rows across the room; each desk faces a screen (behind it, at local -z) with a chair.
  const int screenMat = b.material(b.chance(0.7f) ? Surface::Fabric : Surface::FurniturePaint);
  const float screenH = b.uniform(1.1f, 1.7f), pitch = b.uniform(1.5f, 1.8f);
  const int rows = b.integer(1, 3);
  const float rowGap = b.uniform(2.2f, 3.2f);
  for (int r = 0; r < rows; ++r) {
    const float z = front + b.uniform(1.8f, 2.8f) + r * rowGap;
    if (z > back - 1.0f) break;
    const float facing = b.chance(0.5f) ? 0.0f : kPi;  // desks facing the camera or away
    const int desks = b.integer(2, 4);
    const float x0 = b.uniform(-w / 2 + 0.9f, -w / 2 + 1.8f);
    for (int i = 0; i < desks; ++i) {
      const float x = x0 + i * pitch;
      if (x > w / 2 - 0.9f) break;
      if (b.chance(0.1f)) continue;  // an empty bay
      b.desk(x, 0, z, facing);
      const float screenZ = z + (facing == 0 ? -0.45f : 0.45f);
      b.partition(x, screenZ, pitch - 0.05f, screenH, 0, screenMat);
      if (b.chance(0.5f))  // a side screen between bays
        b.partition(x + pitch / 2, z, 0.8f, screenH * 0.9f, kPi / 2, screenMat);
      if (b.chance(0.8f)) {
        const float chairZ = z + (facing == 0 ? 0.65f : -0.65f) + b.uniform(-0.15f, 0.25f);
        b.officeChair(x + b.uniform(-0.3f, 0.3f), 0, chairZ, facing + kPi + b.uniform(-0.6f, 0.6f));
      }
    }
  }
  // Along the side walls: filing cabinets in runs, shelves, the odd cabinet.
  for (int side : {-1, 1}) {
    const float yaw = side < 0 ? kPi / 2 : -kPi / 2;
    for (float z = front + b.uniform(1.0f, 2.5f); z < back - 0.6f; z += b.uniform(0.6f, 2.5f)) {
      const int kind = b.integer(0, 4);
      if (kind <= 1) b.filingCabinet(side * (w / 2 - 0.3f), 0, z, yaw);
      if (kind == 2) b.shelf(side * (w / 2 - 0.2f), 0, z, yaw);
      if (kind == 3) b.cabinet(side * (w / 2 - 0.3f), 0, z, yaw);
    }
  }
  // A grid of ceiling panels, a few of them lit.
  const float gx = b.uniform(1.8f, 2.8f), gz = b.uniform(1.8f, 2.8f);
  for (float z = front + 1.0f; z < back - 0.5f; z += gz)
    for (float x = -w / 2 + gx / 2; x < w / 2 - 0.3f; x += gx)
      b.lightPanel(x, h, z, 0.6f, 0.6f);
  const int lights = b.integer(2, 4);
  for (int i = 0; i < lights; ++i) {
    const float p = b.uniform(3.0f, 6.0f) / lights;
    s.lights.push_back({{b.uniform(-w / 3, w / 3), h - 0.2f, b.uniform(front + 1.0f, back - 1.0f)},
                        {p, p, p},
                        false});
  }
  if (b.chance(0.4f)) b.daylight(1.0f, 0.8f);  // through windows on one side
  const float amb = b.uniform(0.15f, 0.35f);
  s.ambient = {amb, amb, amb};
  s.aoRadius = b.uniform(0.3f, 0.6f);
  s.maxDepth = 12.0f;
  s.camera.position = {b.uniform(-w / 3, w / 3), b.uniform(1.0f, 1.75f),
                       front + b.uniform(0.0f, 0.8f)};
  s.camera.yaw = b.uniform(-0.7f, 0.7f);
  s.camera.pitch = b.uniform(-0.45f, 0.08f);
  s.camera.roll = b.uniform(-0.06f, 0.06f);
  s.camera.horizontalFovDeg = b.uniform(52, 72);
  return s;
}

}  // namespace ds
