#pragma once
// What the procedural scene generator renders. Torch-free (CLI and trainer options).
#include <cstdint>

namespace ds {

struct SynthOptions {
  int width = 256, height = 192;
  double indoorShare = 0.65;  // of the samples; the rest splits between streets and landscapes
  double streetShare = 0.25;
  bool stereo = false;                            // also render the right view of a rectified pair
  double baselineMin = 0.06, baselineMax = 0.25;  // metres
  bool holes = false;  // sensor-like holes in the ground truth (to exercise infilling)
  int aoRays = 3;      // ambient-occlusion rays per pixel
  // Which procedural world: 1 is the one the shipped weights were trained on (kept bit-exact so
  // tools/make-weights.sh reproduces them); 2 adds corridors, open-plan offices, dining rooms and
  // dim, colour-cast exposures of consumer depth cameras to the indoor share.
  int world = 1;

  // ds::Error naming the option.
  void check() const;
};

}  // namespace ds
