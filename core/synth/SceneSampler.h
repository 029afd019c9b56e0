#pragma once
// Draws procedural scenes from a seed: indoor rooms (floor, walls, ceiling, a doorway, furniture
// and clutter, ceiling lights), streets (road, sidewalks, building rows, cars, poles, trees, sun
// and sky) and landscapes (ground, hills, trees, rocks, houses), with the camera heights, pitches,
// rolls and fields of view of hand-held and car-mounted capture. Deterministic: a seed always
// gives the same scene.
#include <cstdint>
#include <random>

#include "core/synth/SceneDescription.h"

namespace ds {

class SceneSampler {
 public:
  static SceneDescription sample(SceneKind kind, uint64_t seed);
  static SceneDescription indoor(std::mt19937_64& rng);
  static SceneDescription street(std::mt19937_64& rng);
  static SceneDescription landscape(std::mt19937_64& rng);
};

}  // namespace ds
