#pragma once
// What `depthstudio-cli bench` measures and how (shared by the CLI and its tests).
#include <string>

namespace ds {

struct BenchmarkOptions {
  int width = 256, height = 256;  // the working resolution the networks run at
  int steps = 10;                 // diffusion steps of the end-to-end run
  int ensemble = 1;               // members per diffusion step (one batch)
  std::string device = "auto";    // auto, cpu, cuda, cuda:N
  int threads = 0;                // CPU threads (0: LibTorch's default, all cores)
  int runs = 5;                   // timed runs per row (the median is reported)
  int warmup = 2;                 // untimed runs first
  // Model cards to time instead of the default architectures (empty: default configs with
  // seeded random weights; timings do not depend on the weights' values).
  std::string baseCard, restorerCard, refinerCard, depthgenCard;

  // ds::Error naming the option: sizes multiples of 16 in 32..4096, steps 1..1000, ensemble
  // 1..64, runs 1..1000, warmup 0..100, threads 0..1024.
  void check() const;
};

}  // namespace ds
