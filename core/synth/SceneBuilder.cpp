#include "core/synth/SceneBuilder.h"

#include <cmath>

namespace ds {

void SceneBuilder::rotate(float yaw, float dx, float dz, float& x, float& z) {
  // The box frame of RayCaster: world = R(yaw) local, R = [[c, s], [-s, c]] on (x, z).
  const float c = std::cos(yaw), s = std::sin(yaw);
  x += c * dx + s * dz;
  z += -s * dx + c * dz;
}

void SceneBuilder::table(float x, float y, float z, float yaw) {
  const int wood = material(chance(0.7f) ? Surface::FurnitureWood : Surface::FurniturePaint);
  const float w = uniform(0.6f, 1.8f), d = uniform(0.5f, 1.0f), h = uniform(0.45f, 0.8f);
  const float top = uniform(0.03f, 0.06f), leg = uniform(0.03f, 0.06f);
  block(x, y + h - top, z, w, top, d, yaw, wood);
  for (int sx : {-1, 1})
    for (int sz : {-1, 1}) {
      float lx = x, lz = z;
      rotate(yaw, sx * (w / 2 - leg), sz * (d / 2 - leg), lx, lz);
      block(lx, y, lz, leg, h - top, leg, yaw, wood);
    }
  if (chance(0.7f)) clutter(x, y + h, z, std::min(w, d) * 0.4f);
}

void SceneBuilder::chair(float x, float y, float z, float yaw) {
  const int mat = material(chance(0.5f) ? Surface::FurnitureWood : Surface::Plastic);
  const float s = uniform(0.38f, 0.5f), seat = uniform(0.42f, 0.5f);
  block(x, y + seat - 0.04f, z, s, 0.04f, s, yaw, mat);
  for (int sx : {-1, 1})
    for (int sz : {-1, 1}) {
      float lx = x, lz = z;
      rotate(yaw, sx * (s / 2 - 0.02f), sz * (s / 2 - 0.02f), lx, lz);
      block(lx, y, lz, 0.03f, seat - 0.04f, 0.03f, yaw, mat);
    }
  float bx = x, bz = z;
  rotate(yaw, 0, -s / 2 + 0.02f, bx, bz);
  block(bx, y + seat, bz, s, uniform(0.35f, 0.5f), 0.03f, yaw, mat);
}

void SceneBuilder::cabinet(float x, float y, float z, float yaw) {
  const int mat = material(chance(0.5f) ? Surface::FurnitureWood : Surface::FurniturePaint);
  const float w = uniform(0.5f, 2.0f), h = uniform(0.6f, 2.2f), d = uniform(0.35f, 0.65f);
  block(x, y, z, w, h, d, yaw, mat);
  // Doors and drawers: thin slabs proud of the front.
  const int doors = integer(1, 3);
  const int handle = material(Surface::Metal);
  for (int i = 0; i < doors; ++i) {
    float fx = x, fz = z;
    rotate(yaw, -w / 2 + (i + 0.5f) * w / doors, d / 2 + 0.005f, fx, fz);
    block(fx, y + 0.05f, fz, w / doors - 0.02f, h - 0.1f, 0.012f, yaw, mat);
    float hx = fx, hz = fz;
    rotate(yaw, w / doors * 0.35f, 0.015f, hx, hz);
    block(hx, y + h * 0.5f, hz, 0.02f, 0.12f, 0.02f, yaw, handle);
  }
  if (h < 1.3f && chance(0.6f)) clutter(x, y + h, z, std::min(w, d) * 0.35f);
}

void SceneBuilder::shelf(float x, float y, float z, float yaw) {
  const int mat = material(Surface::FurnitureWood);
  const float w = uniform(0.6f, 1.6f), h = uniform(1.0f, 2.2f), d = uniform(0.25f, 0.4f);
  const int boards = integer(3, 6);
  for (int sx : {-1, 1}) {
    float px = x, pz = z;
    rotate(yaw, sx * (w / 2 - 0.01f), 0, px, pz);
    block(px, y, pz, 0.02f, h, d, yaw, mat);
  }
  float bx = x, bz = z;
  rotate(yaw, 0, -d / 2, bx, bz);
  block(bx, y, bz, w, h, 0.01f, yaw, mat);
  for (int i = 0; i < boards; ++i) {
    const float by = y + i * h / (boards - 1) - (i == boards - 1 ? 0.02f : 0);
    block(x, by, z, w - 0.04f, 0.02f, d, yaw, mat);
    if (i + 1 < boards && chance(0.75f)) {  // books: a row of thin boxes
      float cursor = -w / 2 + 0.05f;
      while (cursor < w / 2 - 0.08f) {
        const float bw = uniform(0.02f, 0.06f), bh = uniform(0.15f, std::min(0.32f, h / boards));
        float kx = x, kz = z;
        rotate(yaw, cursor + bw / 2, uniform(-0.03f, 0.02f), kx, kz);
        if (chance(0.85f)) block(kx, by + 0.02f, kz, bw, bh, d * 0.8f, yaw, material(Surface::Decor));
        cursor += bw + uniform(0.0f, 0.04f);
      }
    }
  }
}

void SceneBuilder::sofa(float x, float y, float z, float yaw) {
  const int mat = material(Surface::Fabric);
  const float w = uniform(1.4f, 2.4f), d = uniform(0.8f, 1.0f);
  block(x, y, z, w, 0.42f, d, yaw, mat);
  float bx = x, bz = z;
  rotate(yaw, 0, -d / 2 + 0.1f, bx, bz);
  block(bx, y + 0.42f, bz, w, uniform(0.35f, 0.5f), 0.2f, yaw, mat);
  for (int s : {-1, 1}) {
    float ax = x, az = z;
    rotate(yaw, s * (w / 2 - 0.1f), 0, ax, az);
    block(ax, y + 0.42f, az, 0.2f, 0.22f, d, yaw, mat);
  }
  if (chance(0.6f)) {  // cushions
    const int cushion = material(Surface::Fabric);
    for (int s : {-1, 1}) {
      float cx = x, cz = z;
      rotate(yaw, s * w * 0.25f, -d / 2 + 0.3f, cx, cz);
      block(cx, y + 0.42f, cz, 0.4f, 0.35f, 0.12f, yaw + uniform(-0.2f, 0.2f), cushion);
    }
  }
}

void SceneBuilder::bed(float x, float y, float z, float yaw) {
  const float w = uniform(1.0f, 1.8f), l = uniform(1.9f, 2.1f);
  block(x, y, z, w, 0.3f, l, yaw, material(Surface::FurnitureWood));
  block(x, y + 0.3f, z, w - 0.05f, 0.22f, l - 0.05f, yaw, material(Surface::Fabric));
  float hx = x, hz = z;
  rotate(yaw, 0, -l / 2, hx, hz);
  block(hx, y, hz, w + 0.05f, uniform(0.8f, 1.2f), 0.06f, yaw, material(Surface::FurnitureWood));
  float px = x, pz = z;
  rotate(yaw, 0, -l / 2 + 0.3f, px, pz);
  block(px, y + 0.52f, pz, w * 0.8f, 0.12f, 0.35f, yaw, material(Surface::Fabric));
}

void SceneBuilder::lamp(float x, float y, float z) {
  const int metal = material(Surface::Metal);
  const float h = uniform(1.2f, 1.8f);
  cylinder(x, z, 0.15f, y, y + 0.03f, metal);
  cylinder(x, z, 0.015f, y, y + h, metal);
  if (chance(0.5f))
    cylinder(x, z, uniform(0.15f, 0.25f), y + h - 0.25f, y + h, material(Surface::Fabric));
  else
    sphere({x, y + h, z}, uniform(0.12f, 0.2f), material(Surface::Decor));
}

void SceneBuilder::clutter(float x, float y, float z, float spread) {
  const int n = integer(1, 5);
  for (int i = 0; i < n; ++i) {
    const float cx = x + uniform(-spread, spread), cz = z + uniform(-spread, spread);
    switch (integer(0, 3)) {
      case 0:  // box, book, or laptop
        block(cx, y, cz, uniform(0.08f, 0.4f), uniform(0.02f, 0.25f), uniform(0.08f, 0.3f),
              uniform(-3.1f, 3.1f), material(Surface::Decor));
        break;
      case 1:  // cup, vase, bottle
        cylinder(cx, cz, uniform(0.03f, 0.08f), y, y + uniform(0.08f, 0.35f),
                 material(chance(0.5f) ? Surface::Plastic : Surface::Decor));
        break;
      case 2: {  // ball, fruit, bowl
        const float r = uniform(0.04f, 0.14f);
        sphere({cx, y + r, cz}, r, material(Surface::Decor));
        break;
      }
      default:  // a plant: pot and foliage
        cylinder(cx, cz, 0.07f, y, y + 0.15f, material(Surface::Plastic));
        sphere({cx, y + 0.25f, cz}, uniform(0.1f, 0.2f), material(Surface::Foliage));
    }
  }
}

void SceneBuilder::tree(float x, float z, float scale) {
  const float h = uniform(2.5f, 6.0f) * scale;
  cylinder(x, z, uniform(0.1f, 0.25f) * scale, 0, h, material(Surface::Bark));
  const int foliage = material(Surface::Foliage);
  const int blobs = integer(1, 4);
  for (int i = 0; i < blobs; ++i) {
    const float r = uniform(1.0f, 2.2f) * scale;
    sphere({x + uniform(-0.8f, 0.8f) * scale, h + uniform(-0.5f, 0.8f) * scale,
            z + uniform(-0.8f, 0.8f) * scale},
           r, foliage);
  }
}

void SceneBuilder::car(float x, float z, float yaw) {
  const int paint = material(Surface::CarPaint);
  const int glass = scene_.addMaterial(
      {{0.03f, 0.04f, 0.05f}, {0.1f, 0.12f, 0.15f}, Pattern::Plain, 1.0f, 0.2f});
  const int tyre = scene_.addMaterial(
      {{0.02f, 0.02f, 0.02f}, {0.04f, 0.04f, 0.04f}, Pattern::Plain, 1.0f, 0.1f});
  const float l = uniform(3.8f, 4.8f), w = uniform(1.7f, 1.9f);
  block(x, 0.25f, z, w, uniform(0.6f, 0.8f), l, yaw, paint);
  block(x, 0.9f, z, w * 0.9f, uniform(0.45f, 0.6f), l * uniform(0.45f, 0.6f), yaw, glass);
  for (int sx : {-1, 1})
    for (int sz : {-1, 1}) {
      float wx = x, wz = z;
      rotate(yaw, sx * (w / 2 - 0.1f), sz * (l / 2 - 0.7f), wx, wz);
      block(wx, 0, wz, 0.22f, 0.6f, 0.6f, yaw, tyre);
    }
}

void SceneBuilder::pole(float x, float z) {
  const int metal = material(Surface::Metal);
  const float h = uniform(3.0f, 8.0f);
  cylinder(x, z, uniform(0.05f, 0.12f), 0, h, metal);
  if (chance(0.4f)) block(x, h - 0.8f, z, 0.6f, 0.6f, 0.05f, 0, material(Surface::Decor));  // sign
}

}  // namespace ds
