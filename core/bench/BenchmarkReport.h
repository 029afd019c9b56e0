#pragma once
// The numbers `depthstudio-cli bench` prints: one row per measured piece of work.
#include <string>
#include <vector>

namespace ds {

struct BenchmarkRow {
  std::string name;       // "base", "restore step", "refine step", "end to end", ...
  std::string detail;     // what one run is, e.g. "1x3x256x256, channels-last, inference mode"
  double medianMs = 0.0;  // median over the timed runs
  double minMs = 0.0;
  double eagerMedianMs = -1.0;  // the same network through plain eager calls (< 0: not measured)
  double peakMemoryMiB = 0.0;   // CUDA: peak allocated while the row ran; CPU: peak RSS so far
};

struct BenchmarkReport {
  std::string device;  // "cpu (2 threads)", "cuda:0"
  std::string torchVersion;
  int width = 0, height = 0, steps = 0, ensemble = 0, runs = 0, warmup = 0;
  std::vector<BenchmarkRow> rows;
  std::string memoryNote;  // how peak memory was measured
};

}  // namespace ds
