// depthstudio-cli synth: renders procedural scenes into a dataset folder that `eval` reads.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include <ATen/Parallel.h>
#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/methods/DeviceChoice.h"
#include "core/methods/ImageTensor.h"

#include "core/synth/SynthGenerator.h"
#include "core/train/SynthCache.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"
#include "core/util/Stopwatch.h"

namespace fs = std::filesystem;

namespace ds::cli {

namespace {

void parseSize(const std::string& text, int& w, int& h) {
  if (std::sscanf(text.c_str(), "%dx%d", &w, &h) != 2)
    throw UsageError("--size must be WIDTHxHEIGHT, e.g. 256x192 (got '" + text + "')");
}

void writeFrame(const fs::path& dir, const SynthSample& s) {
  fs::create_directories(dir);
  const bool indoor = s.kind == SceneKind::Indoor;
  const double scale = indoor ? 1000.0 : 256.0;
  const int h = int(s.rgb.size(1)), w = int(s.rgb.size(2));
  writeImage(dir / "rgb.png", imageFrom(s.rgb));
  const DepthMap depth =
      depthMapFrom(s.depth.unsqueeze(0), s.valid.unsqueeze(0), DepthKind::MetricDepth, w, h);
  writeDepth(dir / "depth.png", depth, DepthWriteOptions{scale});
  nlohmann::json k = {
      {"id", dir.filename().string()},
      {"split", indoor ? "indoor" : "outdoor"},
      {"width", w},
      {"height", h},
      {"fx", s.fx},
      {"fy", s.fy},
      {"cx", s.cx},
      {"cy", s.cy},
      {"depth_scale", scale},
      {"valid_range_m", indoor ? std::vector<double>{0.1, 10.0} : std::vector<double>{0.001, 80.0}},
      {"crop", ""},
      {"scene", toString(s.kind)},
      {"seed", s.seed},
      {"source", "depthstudio-cli synth (procedural, seed " + std::to_string(s.seed) + ")"}};
  if (s.right.defined()) {
    writeImage(dir / "right.png", imageFrom(s.right));
    k["baseline_m"] = s.baseline;
  }
  // intrinsics.json last: its presence marks a complete frame.
  writeFileAtomically(dir / "intrinsics.json", k.dump(1) + "\n");
}

}  // namespace

int runSynth(const Args& args, CliContext& context) {
  ArgParser p(
      "depthstudio-cli synth",
      "Renders procedural scenes (indoor rooms, streets, landscapes) with exact depth into\n"
      "DIR/<scene>_<seed>/ in the RGB-D dataset layout that 'eval --data' reads (rgb.png,\n"
      "depth.png, intrinsics.json; right.png with --stereo). Seeds FIRST .. FIRST+COUNT-1;\n"
      "the same seed always renders the same frame.");
  p.option("out", "DIR", "dataset folder (created)");
  p.option("cache", "DIR",
           "instead of --out: fill a training cache of safetensors shards (what 'train' reads)");
  p.option("threads", "N", "CPU threads (0 = all cores)", "0");
  p.option("count", "N", "frames", "16");
  p.option("first-seed", "S", "seed of the first frame", "1000000");
  p.option("size", "WxH", "image size", "256x192");
  p.option("indoor", "F", "share of indoor rooms", "0.65");
  p.option("street", "F", "share of streets (the rest are landscapes)", "0.25");
  p.flag("stereo", "also render the right view of a rectified pair");
  p.flag("holes", "sensor-like holes in the ground truth");
  p.option("world", "N", "1: the shipped weights' world; 2: adds corridors, offices, dining rooms",
           "1");
  p.option("device", "NAME", "auto, cpu, cuda", "cpu");
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;
  if (!p.has("out") && !p.has("cache")) throw UsageError("--out DIR or --cache DIR is required");
  if (p.getInt("threads") > 0) at::set_num_threads(p.getInt("threads"));
  SynthOptions o;
  parseSize(p.get("size"), o.width, o.height);
  o.indoorShare = p.getDouble("indoor");
  o.streetShare = p.getDouble("street");
  o.stereo = p.has("stereo");
  o.holes = p.has("holes");
  o.world = p.getInt("world");
  try {
    o.check();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  const int count = p.getInt("count");
  if (count < 1) throw UsageError("--count must be positive");
  const uint64_t first = std::stoull(p.get("first-seed"));
  ConsoleProgress progress(context.quiet || p.has("quiet"));
  if (p.has("cache")) {
    SynthCacheOptions c;
    c.folder = p.get("cache");
    c.synth = o;
    c.firstSeed = first;
    c.count = count;
    Stopwatch watch;
    SynthCache(c).fill(progress, context.cancel);
    progress.finish();
    std::printf("cache %s: %lld samples in %lld shards, %.1f s\n", c.folder.string().c_str(),
                (long long)count, (long long)c.shards(), watch.elapsedMs() / 1000.0);
    return 0;
  }
  const fs::path out = p.get("out");
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw Error::file(out, "cannot create the folder: " + ec.message());

  const SynthGenerator generator(o, resolveDevice(p.get("device")));
  Stopwatch watch;
  double renderMs = 0;
  for (int i = 0; i < count; ++i) {
    context.cancel.throwIfCancelled();
    progress.report({double(i) / count, "synth", i + 1, count, ""});
    const uint64_t seed = first + uint64_t(i);
    Stopwatch one;
    const SynthSample s = generator.generate(seed);
    renderMs += one.elapsedMs();
    writeFrame(out / (std::string(toString(s.kind)) + "_" + std::to_string(seed)), s);
  }
  progress.finish();
  std::printf("%d frames (%dx%d%s) in %.1f s: %.2f samples/s rendering, %.2f with writing\n", count,
              o.width, o.height, o.stereo ? ", stereo" : "", watch.elapsedMs() / 1000.0,
              1000.0 * count / renderMs, 1000.0 * count / watch.elapsedMs());
  return 0;
}

}  // namespace ds::cli
