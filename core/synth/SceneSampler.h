#pragma once
// Draws procedural scenes from a seed: indoor rooms (floor, walls, ceiling, a doorway, furniture
// and clutter, ceiling lights), streets (road, sidewalks, building rows, cars, poles, trees, sun
// and sky) and landscapes (ground, hills, trees, rocks, houses), with the camera heights, pitches,
// rolls and fields of view of hand-held and car-mounted capture. Deterministic: a seed always
// gives the same scene. World 2 (SynthOptions::world) also draws corridors, open-plan offices and
// dining rooms for the indoor share.
#include <cstdint>
#include <random>

#include "core/synth/SceneDescription.h"

namespace ds {

class SceneSampler {
 public:
  static SceneDescription sample(SceneKind kind, uint64_t seed, int world = 1);
  static SceneDescription indoor(std::mt19937_64& rng);
  static SceneDescription corridor(std::mt19937_64& rng);
  static SceneDescription office(std::mt19937_64& rng);
  static SceneDescription diningRoom(std::mt19937_64& rng);
  static SceneDescription street(std::mt19937_64& rng);
  static SceneDescription landscape(std::mt19937_64& rng);
};

}  // namespace ds
