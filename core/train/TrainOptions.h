#pragma once
// Everything a training run needs; the CLI binds to it and the model card records it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/synth/SynthOptions.h"
#include "core/train/SynthCache.h"

namespace ds {

struct TrainOptions {
  std::string model;            // base, restorer, refiner, depthgen
  std::filesystem::path out;    // X.safetensors (the card X.json is written beside it)
  std::filesystem::path cache;  // synthetic training cache (SynthCache folder)
  SynthOptions synth;           // how the cache is rendered (size, stereo, holes)
  uint64_t firstSeed = 1;       // the training split: seeds firstSeed .. firstSeed + samples - 1
  int64_t samples = 2560;
  // An optional second split pooled with the first, e.g. world-2 scenes beside world 1's:
  // mixSamples scenes from seed mixFirstSeed of world mixWorld (otherwise rendered as `synth`),
  // cached in their own folder (a shard rendered with other options would be rendered again).
  std::filesystem::path mixCache;
  int mixWorld = 2;
  uint64_t mixFirstSeed = 1;
  int64_t mixSamples = 0;  // 0 = no second split
  int steps = 4000;
  int batch = 8;
  double learningRate = 1e-3;
  double weightDecay = 1e-4;
  int warmup = 200;  // linear learning-rate warm-up steps, then cosine decay to 10%
  uint64_t seed = 0;
  // Decay of the shipped weights' moving average (core/train/WeightAverage); 0 = off.
  double ema = 0;
  int checkpointEvery = 250;
  bool resume = false;  // continue from out's checkpoint when there is one
  std::string device = "auto";
  int threads = 0;
  std::filesystem::path base;  // restorer and refiner: the base model card they build on
  // base: the card's input.border_padding (inference only; core/methods/BorderPadding). Training
  // cannot pick it: it is chosen by evaluating the trained base on the validation split.
  int borderPadding = 0;
  // restorer: scale each training sample's residual by a uniform draw in [0, 1] (stochastic
  // residual scaling), so the invertible decoder alone and every partial correction must help.
  bool residualDraw = false;
  std::filesystem::path log;   // loss log (CSV); default: out with .csv
  std::filesystem::path plot;  // optional SVG plot of the loss log
  std::string command;         // the command line, for the card
  std::string name;            // the card's display name

  void check() const;
  std::filesystem::path logPath() const;
  std::filesystem::path checkpointFolder() const;  // out + ".checkpoint"
  SynthOptions mixSynth() const;                   // the second split's rendering options
  // The cached splits the run trains on: the first, then the second when mixSamples > 0.
  std::vector<SynthCacheOptions> splits() const;
};

}  // namespace ds
