#pragma once
// Helpers the scene samplers share: random numbers from the scene's seed and compound objects
// (tables, shelves, sofas, trees, cars...) made of primitives.
#include <random>

#include "core/synth/MaterialPalette.h"
#include "core/synth/SceneDescription.h"

namespace ds {

class SceneBuilder {
 public:
  SceneBuilder(SceneDescription& scene, std::mt19937_64& rng) : scene_(scene), rng_(rng) {}

  float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng_); }
  int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(float p) { return uniform(0, 1) < p; }
  int material(Surface s) { return scene_.addMaterial(MaterialPalette::draw(s, rng_)); }

  void plane(Vec3 normal, float offset, int mat) { scene_.planes.push_back({normal, offset, mat}); }
  // A box standing on height `floorY`: footprint centre (x, z), size (w, h, d), yaw.
  void block(float x, float floorY, float z, float w, float h, float d, float yaw, int mat) {
    scene_.boxes.push_back({{x, floorY + h / 2, z}, {w / 2, h / 2, d / 2}, yaw, mat});
  }
  void sphere(Vec3 c, float r, int mat) { scene_.spheres.push_back({c, r, mat}); }
  void cylinder(float x, float z, float r, float y0, float y1, int mat) {
    scene_.cylinders.push_back({x, z, r, y0, y1, mat});
  }

  // Point (x, z) offset by (dx, dz) in a frame rotated by yaw (for parts of a compound object).
  static void rotate(float yaw, float dx, float dz, float& x, float& z);

  // Furniture and clutter. (x, z): footprint centre on the floor at height y.
  void table(float x, float y, float z, float yaw);
  void chair(float x, float y, float z, float yaw);
  void cabinet(float x, float y, float z, float yaw);
  void shelf(float x, float y, float z, float yaw);
  void sofa(float x, float y, float z, float yaw);
  void bed(float x, float y, float z, float yaw);
  void lamp(float x, float y, float z);
  void clutter(float x, float y, float z, float spread);  // small things on a surface at y
  // World 2's rooms (SceneBuilderRooms.cpp). A shell: floor, ceiling, side walls at x = +-w/2,
  // a wall behind the camera and an end wall at z = back.
  void roomShell(float w, float front, float back, float h, int floorMat, int wallMat);
  // A door in a wall, facing into the room along yaw: frame, leaf and handle.
  void door(float x, float z, float yaw, float w, float h);
  void lightPanel(float x, float ceilingY, float z, float w, float d);  // a ceiling fitting
  void desk(float x, float y, float z, float yaw);  // with a monitor and things on it
  void officeChair(float x, float y, float z, float yaw);
  void filingCabinet(float x, float y, float z, float yaw);
  void partition(float x, float z, float w, float h, float yaw, int mat);  // a cubicle screen
  void diningTable(float x, float y, float z, float yaw, float w, float d);
  void pendant(float x, float z, float ceilingY, float bottomY);  // a hanging lamp
  // Daylight from a window: a directional light from one side, slightly blue.
  void daylight(float maxPower, float maxElevation);
  // Outdoor objects on the ground (y = 0).
  void tree(float x, float z, float scale);
  void car(float x, float z, float yaw);
  void pole(float x, float z);

 private:
  SceneDescription& scene_;
  std::mt19937_64& rng_;
};

}  // namespace ds
