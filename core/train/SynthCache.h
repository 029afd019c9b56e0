#pragma once
// Rendered training samples kept on disk: the procedural world is deterministic by seed, so a
// shard of `shardSize` consecutive seeds is rendered once and read back by every training run
// (base, restorer, refiner, DepthGen) and on every epoch. Shards are safetensors files
// (rgb u8, depth f32, right u8 for stereo, fx, baseline, scene kind, seed) whose metadata records
// the options they were rendered with; a shard rendered with other options is rendered again.
// Several processes may fill one cache at once: a shard being rendered is claimed by a lock file.
#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/synth/SynthOptions.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

struct SynthShard {
  torch::Tensor rgb;       // [S, 3, H, W] uint8
  torch::Tensor depth;     // [S, 1, H, W] float32 metres, 0 = invalid
  torch::Tensor right;     // [S, 3, H, W] uint8 (stereo caches), else undefined
  torch::Tensor fx;        // [S] float32 pixels
  torch::Tensor baseline;  // [S] float32 metres (0 without stereo)
  torch::Tensor kind;      // [S] int32 SceneKind
  torch::Tensor seed;      // [S] int64
};

struct SynthCacheOptions {
  std::filesystem::path folder;
  SynthOptions synth;
  uint64_t firstSeed = 0;
  int64_t count = 1024;  // samples: seeds firstSeed .. firstSeed + count - 1
  int shardSize = 64;

  void check() const;
  int64_t shards() const { return (count + shardSize - 1) / shardSize; }
};

class SynthCache {
 public:
  explicit SynthCache(const SynthCacheOptions& options);

  // Renders every missing shard (other processes' claimed shards are skipped, then waited for).
  void fill(ProgressSink& progress, const CancelToken& cancel) const;
  // Shard k, rendered first when missing. Throws ds::Error naming the file when it is unreadable.
  SynthShard shard(int64_t k) const;
  // Present with this cache's signature and at least its samplesIn(k) seeds.
  bool has(int64_t k) const;
  int64_t samplesIn(int64_t k) const;  // seeds of shard k in this split
  std::filesystem::path shardPath(int64_t k) const;
  const SynthCacheOptions& options() const { return options_; }
  // What the metadata must say for a shard to be reused ("v1 256x192 stereo holes ...").
  std::string signature() const;

 private:
  SynthShard render(int64_t k, const CancelToken& cancel) const;

  SynthCacheOptions options_;
};

}  // namespace ds
