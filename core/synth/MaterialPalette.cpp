#include "core/synth/MaterialPalette.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ds {

namespace {

// sRGB 0..255 to linear.
float linear(float srgb255) {
  const float c = srgb255 / 255.0f;
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

Vec3 rgb(int r, int g, int b) {
  return {linear(float(r)), linear(float(g)), linear(float(b))};
}

float uniform(std::mt19937_64& rng, float lo, float hi) {
  return std::uniform_real_distribution<float>(lo, hi)(rng);
}

// One of `choices`, brightness and hue jittered a little.
Vec3 pick(const std::vector<Vec3>& choices, std::mt19937_64& rng, float jitter = 0.12f) {
  const Vec3 c = choices[std::uniform_int_distribution<size_t>(0, choices.size() - 1)(rng)];
  const float gain = uniform(rng, 1 - jitter, 1 + jitter);
  Vec3 out;
  for (int i = 0; i < 3; ++i)
    out[size_t(i)] = std::clamp(c[size_t(i)] * gain * uniform(rng, 0.94f, 1.06f), 0.005f, 0.95f);
  return out;
}

Vec3 scaled(const Vec3& c, float k) {
  return {std::clamp(c[0] * k, 0.f, 1.f), std::clamp(c[1] * k, 0.f, 1.f),
          std::clamp(c[2] * k, 0.f, 1.f)};
}

}  // namespace

Material MaterialPalette::draw(Surface surface, std::mt19937_64& rng) {
  static const std::vector<Vec3> woods = {rgb(150, 105, 70), rgb(120, 80, 50), rgb(185, 145, 100),
                                          rgb(95, 60, 40),   rgb(200, 170, 130), rgb(140, 110, 85)};
  static const std::vector<Vec3> paints = {rgb(235, 232, 225), rgb(220, 215, 200),
                                           rgb(200, 205, 210), rgb(225, 210, 185),
                                           rgb(190, 200, 180), rgb(180, 195, 215),
                                           rgb(235, 220, 210), rgb(160, 160, 160)};
  static const std::vector<Vec3> fabrics = {rgb(90, 100, 120), rgb(130, 60, 55), rgb(70, 90, 70),
                                            rgb(180, 170, 150), rgb(60, 60, 65), rgb(150, 130, 110),
                                            rgb(200, 190, 175), rgb(110, 80, 120)};
  static const std::vector<Vec3> tiles = {rgb(220, 220, 215), rgb(180, 175, 165), rgb(120, 120, 125),
                                          rgb(200, 190, 170), rgb(90, 95, 100)};
  static const std::vector<Vec3> bricks = {rgb(150, 75, 55), rgb(170, 100, 70), rgb(120, 65, 50),
                                           rgb(185, 150, 120)};
  static const std::vector<Vec3> decor = {rgb(200, 60, 50), rgb(50, 90, 160), rgb(230, 190, 60),
                                          rgb(40, 40, 40), rgb(240, 240, 235), rgb(70, 140, 90),
                                          rgb(160, 120, 180)};
  static const std::vector<Vec3> facades = {rgb(200, 190, 175), rgb(170, 165, 160),
                                            rgb(215, 200, 170), rgb(150, 140, 130),
                                            rgb(225, 225, 220), rgb(180, 150, 120)};
  static const std::vector<Vec3> cars = {rgb(30, 30, 35), rgb(220, 220, 220), rgb(150, 20, 25),
                                         rgb(40, 60, 110), rgb(140, 140, 145), rgb(90, 90, 90)};
  Material m;
  m.scale = uniform(rng, 0.7f, 1.4f);
  m.variation = uniform(rng, 0.2f, 0.6f);
  switch (surface) {
    case Surface::WoodFloor:
    case Surface::FurnitureWood:
      m.pattern = Pattern::Wood;
      m.colour = pick(woods, rng);
      m.colour2 = scaled(m.colour, uniform(rng, 0.55f, 0.8f));
      break;
    case Surface::TileFloor:
    case Surface::WallTile:
      m.pattern = Pattern::Tile;
      m.colour = pick(tiles, rng);
      m.colour2 = scaled(m.colour, uniform(rng, 0.5f, 0.8f));
      m.variation = uniform(rng, 0.0f, 1.0f);
      m.scale = surface == Surface::WallTile ? uniform(rng, 1.5f, 3.0f) : uniform(rng, 0.6f, 1.2f);
      break;
    case Surface::Carpet:
    case Surface::Fabric:
      m.pattern = uniform(rng, 0, 1) < 0.5f ? Pattern::Fabric : Pattern::Plain;
      m.colour = pick(fabrics, rng);
      m.colour2 = scaled(m.colour, uniform(rng, 0.6f, 0.9f));
      m.scale = uniform(rng, 1.0f, 4.0f);
      break;
    case Surface::WallPaint:
    case Surface::Ceiling:
    case Surface::FurniturePaint:
      m.pattern = Pattern::Paint;
      m.colour = surface == Surface::Ceiling ? pick({rgb(240, 238, 232), rgb(225, 225, 220)}, rng, 0.05f)
                                             : pick(paints, rng);
      m.colour2 = scaled(m.colour, uniform(rng, 0.8f, 0.93f));
      break;
    case Surface::WallBrick:
    case Surface::BrickFacade:
      m.pattern = Pattern::Brick;
      m.colour = pick(bricks, rng);
      m.colour2 = pick({rgb(190, 185, 175), rgb(120, 115, 110)}, rng);
      break;
    case Surface::Metal:
      m.pattern = Pattern::Plain;
      m.colour = pick({rgb(170, 170, 175), rgb(90, 90, 95), rgb(200, 195, 185)}, rng);
      m.colour2 = scaled(m.colour, 0.8f);
      m.variation = 0.1f;
      break;
    case Surface::Plastic:
    case Surface::Decor:
      m.pattern = Pattern::Plain;
      m.colour = pick(decor, rng);
      m.colour2 = scaled(m.colour, 0.75f);
      m.variation = 0.15f;
      break;
    case Surface::Asphalt:
      m.pattern = Pattern::Ground;
      m.colour = pick({rgb(75, 75, 78), rgb(95, 95, 95), rgb(60, 62, 65)}, rng);
      m.colour2 = scaled(m.colour, 0.7f);
      m.scale = uniform(rng, 2.0f, 5.0f);
      break;
    case Surface::Sidewalk:
      m.pattern = Pattern::Tile;
      m.colour = pick({rgb(170, 165, 160), rgb(150, 145, 140), rgb(190, 180, 165)}, rng);
      m.colour2 = scaled(m.colour, 0.7f);
      m.scale = uniform(rng, 0.4f, 0.8f);
      m.variation = 0.2f;
      break;
    case Surface::Grass:
      m.pattern = Pattern::Ground;
      m.colour = pick({rgb(80, 120, 50), rgb(110, 140, 60), rgb(140, 150, 80), rgb(90, 110, 60)}, rng);
      m.colour2 = pick({rgb(60, 90, 35), rgb(130, 115, 70)}, rng);
      m.scale = uniform(rng, 1.0f, 3.0f);
      m.variation = uniform(rng, 0.4f, 0.8f);
      break;
    case Surface::Soil:
      m.pattern = Pattern::Ground;
      m.colour = pick({rgb(120, 95, 70), rgb(150, 130, 100), rgb(100, 85, 70)}, rng);
      m.colour2 = scaled(m.colour, 0.7f);
      break;
    case Surface::BuildingFacade:
      m.pattern = Pattern::Facade;
      m.colour = pick(facades, rng);
      m.colour2 = pick({rgb(40, 50, 60), rgb(70, 85, 100), rgb(30, 30, 35)}, rng);
      m.scale = 1.0f;
      break;
    case Surface::Foliage:
      m.pattern = Pattern::Ground;
      m.colour = pick({rgb(50, 90, 40), rgb(70, 110, 50), rgb(40, 70, 35), rgb(100, 120, 50)}, rng);
      m.colour2 = scaled(m.colour, 0.55f);
      m.scale = uniform(rng, 2.0f, 4.0f);
      m.variation = 0.8f;
      break;
    case Surface::Bark:
      m.pattern = Pattern::Plain;
      m.colour = pick({rgb(90, 70, 55), rgb(70, 60, 50)}, rng);
      m.colour2 = scaled(m.colour, 0.6f);
      m.scale = 4.0f;
      break;
    case Surface::Rock:
      m.pattern = Pattern::Plain;
      m.colour = pick({rgb(130, 125, 120), rgb(110, 100, 90), rgb(150, 145, 135)}, rng);
      m.colour2 = scaled(m.colour, 0.6f);
      m.scale = 1.5f;
      m.variation = 0.7f;
      break;
    case Surface::CarPaint:
      m.pattern = Pattern::Plain;
      m.colour = pick(cars, rng);
      m.colour2 = scaled(m.colour, 0.8f);
      m.variation = 0.05f;
      break;
  }
  return m;
}

}  // namespace ds
