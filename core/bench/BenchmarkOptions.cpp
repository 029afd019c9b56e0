#include "core/bench/BenchmarkOptions.h"

#include "core/util/Error.h"

namespace ds {

void BenchmarkOptions::check() const {
  auto range = [](const char* name, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw Error(std::string("bench: ") + name + " must be between " + std::to_string(lo) +
                  " and " + std::to_string(hi) + ", got " + std::to_string(v));
  };
  range("width", width, 32, 4096);
  range("height", height, 32, 4096);
  if (width % 16 || height % 16)
    throw Error("bench: the size must be a multiple of 16 in both directions, got " +
                std::to_string(width) + "x" + std::to_string(height));
  range("steps", steps, 1, 1000);
  range("ensemble", ensemble, 1, 64);
  range("runs", runs, 1, 1000);
  range("warmup", warmup, 0, 100);
  range("threads", threads, 0, 1024);
  if (device.empty()) throw Error("bench: the device must not be empty");
}

}  // namespace ds
