// depthstudio-cli bench: per-stage and per-step timings of the built-in networks.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "core/bench/PipelineBenchmark.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace ds::cli {

namespace {

void parseSize(const std::string& text, BenchmarkOptions& o) {
  const size_t x = text.find('x');
  try {
    if (x == std::string::npos) throw std::invalid_argument("no x");
    size_t used = 0;
    o.width = std::stoi(text.substr(0, x), &used);
    if (used != x) throw std::invalid_argument("width");
    const std::string h = text.substr(x + 1);
    o.height = std::stoi(h, &used);
    if (used != h.size()) throw std::invalid_argument("height");
  } catch (const std::exception&) {
    throw UsageError("--size must be WIDTHxHEIGHT, e.g. 256x256 (got '" + text + "')");
  }
}

nlohmann::json toJson(const BenchmarkReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows)
    rows.push_back({{"name", row.name},
                    {"detail", row.detail},
                    {"median_ms", row.medianMs},
                    {"min_ms", row.minMs},
                    {"eager_median_ms", row.eagerMedianMs},
                    {"peak_memory_mib", row.peakMemoryMiB}});
  return {{"device", r.device}, {"torch", r.torchVersion}, {"width", r.width},
          {"height", r.height}, {"steps", r.steps},        {"ensemble", r.ensemble},
          {"runs", r.runs},     {"warmup", r.warmup},      {"memory", r.memoryNote},
          {"rows", rows}};
}

}  // namespace

int runBench(const Args& args, CliContext& context) {
  ArgParser p("depthstudio-cli bench",
              "Times the built-in networks as the pipeline runs them (channels-last weights,\n"
              "inference mode, cached constant inputs) and through plain eager calls, per stage,\n"
              "per diffusion step and end to end (base + restore + refine). Each row is the\n"
              "median of --runs runs after --warmup untimed ones. Without model cards the default\n"
              "architectures run with seeded random weights (timings do not depend on them).");
  p.option("size", "WxH", "working resolution", "256x256");
  p.option("steps", "N", "diffusion steps of the end-to-end row", "10");
  p.option("ensemble", "K", "members per diffusion step, as one batch", "1");
  p.option("device", "NAME", "auto, cpu, cuda, cuda:N", "auto");
  p.option("threads", "N", "CPU threads (0 = LibTorch's default)", "0");
  p.option("runs", "N", "timed runs per row", "5");
  p.option("warmup", "N", "untimed runs before them", "2");
  p.option("base", "CARD", "time this base model card instead of the default architecture");
  p.option("restorer", "CARD", "restorer model card");
  p.option("refiner", "CARD", "refiner model card");
  p.option("depthgen-model", "CARD", "DepthGen model card");
  p.option("json", "FILE", "also write the table as JSON");
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;

  BenchmarkOptions o;
  parseSize(p.get("size"), o);
  o.steps = p.getInt("steps");
  o.ensemble = p.getInt("ensemble");
  o.device = p.get("device");
  o.threads = p.getInt("threads");
  o.runs = p.getInt("runs");
  o.warmup = p.getInt("warmup");
  o.baseCard = p.get("base");
  o.restorerCard = p.get("restorer");
  o.refinerCard = p.get("refiner");
  o.depthgenCard = p.get("depthgen-model");
  try {
    o.check();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  if (p.has("json")) checkWritable(p.get("json"));

  ConsoleProgress progress(context.quiet || p.has("quiet"));
  const BenchmarkReport r = PipelineBenchmark().run(o, progress, context.cancel);
  progress.finish();

  std::printf("device %s, LibTorch %s, %dx%d, ensemble %d, median of %d runs after %d warm-up\n\n",
              r.device.c_str(), r.torchVersion.c_str(), r.width, r.height, r.ensemble, r.runs,
              r.warmup);
  std::printf("%-22s %10s %10s %10s %8s %10s  %s\n", "stage", "median ms", "min ms", "eager ms",
              "speedup", "peak MiB", "one run");
  for (const auto& row : r.rows) {
    char eager[32] = "-", speedup[32] = "-";
    if (row.eagerMedianMs >= 0) {
      std::snprintf(eager, sizeof eager, "%.1f", row.eagerMedianMs);
      std::snprintf(speedup, sizeof speedup, "%.2fx", row.eagerMedianMs / row.medianMs);
    }
    std::printf("%-22s %10.1f %10.1f %10s %8s %10.0f  %s\n", row.name.c_str(), row.medianMs,
                row.minMs, eager, speedup, row.peakMemoryMiB, row.detail.c_str());
  }
  std::printf("\npeak memory: %s\n", r.memoryNote.c_str());
  if (p.has("json")) writeFileAtomically(p.get("json"), toJson(r).dump(2) + "\n");
  return 0;
}

}  // namespace ds::cli
