#pragma once
// Training batches from a SynthCache: the whole cache in memory, random samples with flips and
// colour jitter, prepared by a producer thread while the trainer runs (a bounded queue), so data
// preparation overlaps training. The batch of step s depends only on (seed, s): a resumed run sees
// the same batches as an uninterrupted one.
#include <torch/types.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "core/train/SynthCache.h"

namespace ds {

struct TrainBatch {
  int64_t step = 0;
  torch::Tensor rgb;    // [B, 3, H, W] in [-1, 1]
  torch::Tensor right;  // [B, 3, H, W] in [-1, 1] (stereo caches with needRight), else undefined
  torch::Tensor depth;  // [B, 1, H, W] metres, 0 = invalid
  torch::Tensor valid;  // [B, 1, H, W] bool
  torch::Tensor kind;   // [B] int32 SceneKind
};

struct BatchOptions {
  int batch = 8;
  bool flip = true;          // random horizontal flips (never for stereo batches)
  bool colourJitter = true;  // brightness, contrast, saturation, gamma
  bool needRight = false;    // include the right views (the cache must be stereo)
  uint64_t seed = 0;
};

class SynthBatches {
 public:
  // Loads (rendering what is missing) every shard of each cache, pooling their samples, then
  // starts the producer at `firstStep`.
  SynthBatches(const std::vector<SynthCache>& caches, const BatchOptions& options,
               int64_t firstStep, ProgressSink& progress, const CancelToken& cancel);
  ~SynthBatches();
  SynthBatches(const SynthBatches&) = delete;
  SynthBatches& operator=(const SynthBatches&) = delete;

  TrainBatch next();
  int64_t samples() const { return rgb_.size(0); }
  // The batch of a given step, computed on the calling thread (what the producer runs).
  TrainBatch make(int64_t step) const;

 private:
  void produce(int64_t firstStep);

  BatchOptions options_;
  torch::Tensor rgb_, right_, depth_, kind_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<TrainBatch> queue_;
  bool stop_ = false;
  std::thread producer_;
};

}  // namespace ds
