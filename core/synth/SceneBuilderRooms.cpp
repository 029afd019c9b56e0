// SceneBuilder's parts for world 2's corridors, offices and dining rooms.
#include <algorithm>
#include <cmath>

#include "core/synth/SceneBuilder.h"

namespace ds {

void SceneBuilder::roomShell(float w, float front, float back, float h, int floorMat, int wallMat) {
  plane({0, 1, 0}, 0, floorMat);
  plane({0, 1, 0}, h, material(Surface::Ceiling));
  plane({1, 0, 0}, -w / 2, wallMat);
  plane({1, 0, 0}, w / 2, chance(0.25f) ? material(Surface::WallPaint) : wallMat);
  plane({0, 0, 1}, front - 1.5f, wallMat);
  plane({0, 0, 1}, back, chance(0.3f) ? material(Surface::WallPaint) : wallMat);
}

void SceneBuilder::door(float x, float z, float yaw, float w, float h) {
  const int frame = material(Surface::FurniturePaint);
  const int leaf = material(chance(0.6f) ? Surface::FurnitureWood : Surface::FurniturePaint);
  // Frame proud of the wall, leaf within a centimetre of the wall plane (half the time behind it,
  // hidden: a bare frame): the small depth steps real doors have.
  const float proud = uniform(0.01f, 0.04f), jamb = 0.06f;
  for (int s : {-1, 1}) {
    float jx = x, jz = z;
    rotate(yaw, s * (w / 2 + jamb / 2), proud / 2, jx, jz);
    block(jx, 0, jz, jamb, h + jamb, proud, yaw, frame);
  }
  float tx = x, tz = z;
  rotate(yaw, 0, proud / 2, tx, tz);
  block(tx, h, tz, w + 2 * jamb, jamb, proud, yaw, frame);
  if (chance(0.2f)) return;  // no leaf: a frame on the wall
  float lx = x, lz = z;
  rotate(yaw, 0, uniform(-0.01f, 0.01f), lx, lz);
  block(lx, 0, lz, w, h, 0.02f, yaw, leaf);
  float hx = x, hz = z;
  rotate(yaw, w * 0.4f, 0.04f, hx, hz);
  block(hx, h * 0.47f, hz, 0.12f, 0.03f, 0.05f, yaw, material(Surface::Metal));
}

void SceneBuilder::lightPanel(float x, float ceilingY, float z, float w, float d) {
  const float glow = uniform(0.8f, 0.95f);
  const int mat =
      scene_.addMaterial({{glow, glow, glow * 0.97f}, {0.7f, 0.7f, 0.7f}, Pattern::Tile, 2, 0.2f});
  block(x, ceilingY - 0.04f, z, w, 0.04f, d, 0, mat);
}

void SceneBuilder::desk(float x, float y, float z, float yaw) {
  const int mat = material(chance(0.5f) ? Surface::FurnitureWood : Surface::FurniturePaint);
  const float w = uniform(1.1f, 1.7f), d = uniform(0.65f, 0.85f), h = uniform(0.7f, 0.76f);
  block(x, y + h - 0.03f, z, w, 0.03f, d, yaw, mat);
  for (int s : {-1, 1}) {  // panel legs
    float px = x, pz = z;
    rotate(yaw, s * (w / 2 - 0.02f), 0, px, pz);
    block(px, y, pz, 0.03f, h - 0.03f, d - 0.05f, yaw, mat);
  }
  if (chance(0.5f)) {  // a drawer pedestal
    float px = x, pz = z;
    rotate(yaw, w / 2 - 0.25f, 0.05f, px, pz);
    block(px, y, pz, 0.4f, h - 0.1f, d * 0.7f, yaw, material(Surface::FurniturePaint));
  }
  if (chance(0.8f)) {  // a monitor on a stand, near the back edge (local -z)
    const int black = scene_.addMaterial(
        {{0.03f, 0.03f, 0.035f}, {0.08f, 0.08f, 0.09f}, Pattern::Plain, 1.0f, 0.2f});
    float mx = x, mz = z;
    rotate(yaw, uniform(-0.2f, 0.2f), -d / 2 + 0.15f, mx, mz);
    block(mx, y + h, mz, 0.2f, 0.02f, 0.15f, yaw, black);
    block(mx, y + h, mz, 0.04f, 0.15f, 0.02f, yaw, black);
    block(mx, y + h + 0.12f, mz, uniform(0.5f, 0.65f), uniform(0.3f, 0.4f), 0.03f, yaw, black);
  }
  if (chance(0.7f)) {
    float cx = x, cz = z;
    rotate(yaw, 0, 0.1f, cx, cz);
    clutter(cx, y + h, cz, w * 0.3f);
  }
}

void SceneBuilder::officeChair(float x, float y, float z, float yaw) {
  const int metal = material(Surface::Metal);
  const int seat = material(chance(0.6f) ? Surface::Fabric : Surface::Plastic);
  const float sh = uniform(0.42f, 0.52f);
  for (int i = 0; i < 5; ++i) {  // star base
    const float a = yaw + i * 1.2566f;
    block(x + 0.15f * std::sin(a), y, z + 0.15f * std::cos(a), 0.05f, 0.05f, 0.3f, a, metal);
  }
  cylinder(x, z, 0.025f, y + 0.05f, y + sh - 0.06f, metal);
  block(x, y + sh - 0.06f, z, 0.48f, 0.08f, 0.46f, yaw, seat);
  float bx = x, bz = z;
  rotate(yaw, 0, -0.24f, bx, bz);
  block(bx, y + sh + 0.05f, bz, 0.44f, uniform(0.4f, 0.6f), 0.06f, yaw + uniform(-0.1f, 0.1f),
        seat);
}

void SceneBuilder::filingCabinet(float x, float y, float z, float yaw) {
  const int mat = material(chance(0.6f) ? Surface::Metal : Surface::FurniturePaint);
  const float w = uniform(0.4f, 0.9f), d = uniform(0.45f, 0.65f);
  const int drawers = integer(2, 5);
  const float h = drawers * uniform(0.28f, 0.34f);
  block(x, y, z, w, h, d, yaw, mat);
  const int handle = material(Surface::Metal);
  for (int i = 0; i < drawers; ++i) {  // drawer fronts proud of the body, a handle on each
    float fx = x, fz = z;
    rotate(yaw, 0, d / 2 + 0.008f, fx, fz);
    block(fx, y + i * h / drawers + 0.01f, fz, w - 0.03f, h / drawers - 0.02f, 0.016f, yaw, mat);
    float hx = x, hz = z;
    rotate(yaw, 0, d / 2 + 0.025f, hx, hz);
    block(hx, y + (i + 0.7f) * h / drawers, hz, 0.14f, 0.025f, 0.02f, yaw, handle);
  }
  if (chance(0.5f)) clutter(x, y + h, z, std::min(w, d) * 0.3f);
}

void SceneBuilder::partition(float x, float z, float w, float h, float yaw, int mat) {
  block(x, 0, z, w, h, 0.05f, yaw, mat);
  block(x, h, z, w, 0.02f, 0.07f, yaw, material(Surface::Metal));  // capping rail
}

void SceneBuilder::diningTable(float x, float y, float z, float yaw, float w, float d) {
  const int wood = material(chance(0.8f) ? Surface::FurnitureWood : Surface::FurniturePaint);
  const float h = uniform(0.72f, 0.78f), top = uniform(0.03f, 0.06f), leg = uniform(0.05f, 0.08f);
  block(x, y + h - top, z, w, top, d, yaw, wood);
  if (chance(0.4f))
    block(x, y + h - top + 0.002f, z, w * 0.9f, 0.005f, d * 0.6f, yaw,
          material(Surface::Fabric));  // a table runner or cloth
  for (int sx : {-1, 1})
    for (int sz : {-1, 1}) {
      float lx = x, lz = z;
      rotate(yaw, sx * (w / 2 - leg), sz * (d / 2 - leg), lx, lz);
      block(lx, y, lz, leg, h - top, leg, yaw, wood);
    }
  for (int i = integer(1, 4); i > 0; --i)  // plates, glasses, a bowl
    clutter(x + uniform(-w / 3, w / 3), y + h, z + uniform(-d / 4, d / 4), 0.1f);
}

void SceneBuilder::pendant(float x, float z, float ceilingY, float bottomY) {
  const int metal = material(Surface::Metal);
  cylinder(x, z, 0.006f, bottomY + 0.1f, ceilingY, metal);
  if (chance(0.5f))
    cylinder(x, z, uniform(0.15f, 0.3f), bottomY, bottomY + uniform(0.12f, 0.25f),
             material(chance(0.5f) ? Surface::Fabric : Surface::Metal));
  else
    sphere({x, bottomY + 0.15f, z}, uniform(0.1f, 0.2f), material(Surface::Decor));
}

void SceneBuilder::daylight(float maxPower, float maxElevation) {
  const float p = uniform(0.3f, maxPower);
  // Braced initialisers evaluate left to right, so the draws keep world 1's order.
  scene_.lights.push_back(
      {{chance(0.5f) ? -1.0f : 1.0f, uniform(0.3f, maxElevation), uniform(-0.5f, 0.5f)},
       {p * 0.95f, p, p * 1.08f},
       true});
}

}  // namespace ds
