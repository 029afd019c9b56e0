#include "core/train/SynthCache.h"

#include <ATen/ATen.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/models/SafetensorsFile.h"
#include "core/synth/SynthGenerator.h"
#include "core/util/Error.h"

namespace ds {

namespace fs = std::filesystem;

namespace {

// Bump when the generator changes what a seed renders.
constexpr const char* kGeneratorVersion = "synth-v1";

torch::Tensor toBytes(const torch::Tensor& rgb01) {
  return (rgb01 * 255.0 + 0.5).clamp(0, 255).to(torch::kUInt8);
}

}  // namespace

void SynthCacheOptions::check() const {
  synth.check();
  if (folder.empty()) throw Error("synth cache: no folder given");
  if (count < 1) throw Error("synth cache: count must be positive");
  if (shardSize < 1 || shardSize > 4096) throw Error("synth cache: shardSize must be 1..4096");
}

SynthCache::SynthCache(const SynthCacheOptions& options) : options_(options) {
  options_.check();
  std::error_code ec;
  fs::create_directories(options_.folder, ec);
  if (ec) throw Error::file(options_.folder, "cannot create the cache folder: " + ec.message());
}

std::string SynthCache::signature() const {
  const SynthOptions& s = options_.synth;
  return std::string(kGeneratorVersion) + " " + std::to_string(s.width) + "x" +
         std::to_string(s.height) + (s.stereo ? " stereo" : "") + (s.holes ? " holes" : "") +
         " indoor " + std::to_string(s.indoorShare) + " street " + std::to_string(s.streetShare) +
         " ao " + std::to_string(s.aoRays) + " shard " + std::to_string(options_.shardSize) +
         (s.world == 1 ? "" : " world " + std::to_string(s.world));  // world 1 caches stay valid
}

fs::path SynthCache::shardPath(int64_t k) const {
  return options_.folder /
         ("shard_" + std::to_string(options_.firstSeed) + "_" + std::to_string(k) + ".safetensors");
}

int64_t SynthCache::samplesIn(int64_t k) const {
  return std::min<int64_t>(options_.shardSize, options_.count - k * options_.shardSize);
}

bool SynthCache::has(int64_t k) const {
  std::error_code ec;
  if (!fs::exists(shardPath(k), ec)) return false;
  try {
    const auto f = SafetensorsFile::open(shardPath(k));
    const auto it = f.metadata().find("signature");
    // A shard rendered for a larger split holds more seeds (the first n are this one's); one
    // rendered for a smaller split holds too few and is rendered again.
    return it != f.metadata().end() && it->second == signature() && !f.info("seed").shape.empty() &&
           f.info("seed").shape[0] >= samplesIn(k);
  } catch (const Error&) {
    return false;
  }
}

SynthShard SynthCache::render(int64_t k, const CancelToken& cancel) const {
  const SynthGenerator generator(options_.synth, torch::kCPU);
  const uint64_t begin = options_.firstSeed + uint64_t(k * options_.shardSize);
  const int64_t n = samplesIn(k);
  std::vector<torch::Tensor> rgb, depth, right;
  std::vector<float> fx, baseline;
  std::vector<int32_t> kind;
  std::vector<int64_t> seed;
  for (int64_t i = 0; i < n; ++i) {
    cancel.throwIfCancelled();
    const SynthSample s = generator.generate(begin + uint64_t(i));
    rgb.push_back(toBytes(s.rgb));
    depth.push_back(s.depth.to(torch::kFloat32));
    if (s.right.defined()) right.push_back(toBytes(s.right));
    fx.push_back(float(s.fx));
    baseline.push_back(float(s.baseline));
    kind.push_back(int32_t(s.kind));
    seed.push_back(int64_t(s.seed));
  }
  SynthShard shard;
  shard.rgb = torch::stack(rgb);
  shard.depth = torch::stack(depth);
  if (!right.empty()) shard.right = torch::stack(right);
  shard.fx = torch::tensor(fx, torch::kFloat32);
  shard.baseline = torch::tensor(baseline, torch::kFloat32);
  shard.kind = torch::tensor(kind, torch::kInt32);
  shard.seed = torch::tensor(seed, torch::kLong);
  std::vector<std::pair<std::string, at::Tensor>> tensors = {
      {"rgb", shard.rgb},           {"depth", shard.depth}, {"fx", shard.fx},
      {"baseline", shard.baseline}, {"kind", shard.kind},   {"seed", shard.seed}};
  if (shard.right.defined()) tensors.push_back({"right", shard.right});
  SafetensorsFile::write(shardPath(k), tensors, {{"signature", signature()}});
  return shard;
}

void SynthCache::fill(ProgressSink& progress, const CancelToken& cancel) const {
  const int64_t total = options_.shards();
  std::vector<int64_t> claimedElsewhere;
  for (int64_t k = 0; k < total; ++k) {
    cancel.throwIfCancelled();
    progress.report({double(k) / total, "synth", int(k + 1), int(total), "rendering shards"});
    if (has(k)) continue;
    const fs::path lock = shardPath(k).string() + ".lock";
    const int fd = ::open(lock.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd < 0) {
      claimedElsewhere.push_back(k);
      continue;
    }
    ::close(fd);
    try {
      render(k, cancel);
    } catch (...) {
      fs::remove(lock);
      throw;
    }
    fs::remove(lock);
  }
  for (int64_t k : claimedElsewhere)
    while (!has(k)) {
      cancel.throwIfCancelled();
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }
  progress.report({1.0, "synth", int(total), int(total), "cache complete"});
}

SynthShard SynthCache::shard(int64_t k) const {
  if (k < 0 || k >= options_.shards())
    throw Error("synth cache: shard " + std::to_string(k) + " outside 0.." +
                std::to_string(options_.shards() - 1));
  if (!has(k)) return render(k, CancelToken());
  const auto f = SafetensorsFile::open(shardPath(k));
  const int64_t n = samplesIn(k);
  const auto first = [&](const char* name) {
    const at::Tensor t = f.tensor(name);
    return t.size(0) == n ? t : t.narrow(0, 0, n).clone();  // clone: drop the unused seeds
  };
  SynthShard s;
  s.rgb = first("rgb");
  s.depth = first("depth");
  if (f.contains("right")) s.right = first("right");
  s.fx = first("fx");
  s.baseline = first("baseline");
  s.kind = first("kind");
  s.seed = first("seed");
  return s;
}

}  // namespace ds
