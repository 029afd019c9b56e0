#include "core/train/SynthBatches.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/utils.h>

#include "core/util/Error.h"

namespace ds {

namespace {
constexpr size_t kQueueDepth = 3;
}

SynthBatches::SynthBatches(const std::vector<SynthCache>& caches, const BatchOptions& options,
                           int64_t firstStep, ProgressSink& progress, const CancelToken& cancel)
    : options_(options) {
  if (options_.batch < 1) throw Error("training batch size must be positive");
  if (caches.empty()) throw Error("training needs at least one synthetic cache");
  std::vector<std::pair<const SynthCache*, int64_t>> shards;
  for (const SynthCache& cache : caches)
    for (int64_t k = 0; k < cache.options().shards(); ++k)
      shards.emplace_back(&cache, k);
  std::vector<torch::Tensor> rgb, right, depth, kind;
  const int n = int(shards.size());
  for (int i = 0; i < n; ++i) {
    cancel.throwIfCancelled();
    progress.report({double(i) / n, "data", i + 1, n, "loading shards"});
    const auto& [cache, k] = shards[size_t(i)];
    const SynthShard s = cache->shard(k);
    rgb.push_back(s.rgb);
    depth.push_back(s.depth);
    kind.push_back(s.kind);
    if (options_.needRight) {
      if (!s.right.defined())
        throw Error::file(cache->shardPath(k),
                          "has no right views: this model trains on stereo pairs (render the "
                          "cache with --stereo)");
      right.push_back(s.right);
    }
  }
  rgb_ = torch::cat(rgb);
  depth_ = torch::cat(depth);
  kind_ = torch::cat(kind);
  if (options_.needRight) right_ = torch::cat(right);
  producer_ = std::thread([this, firstStep] { produce(firstStep); });
}

SynthBatches::~SynthBatches() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (producer_.joinable()) producer_.join();
}

TrainBatch SynthBatches::make(int64_t step) const {
  torch::NoGradGuard noGrad;
  at::Generator gen = at::detail::createCPUGenerator(options_.seed * 1000003ull + uint64_t(step));
  const int64_t B = options_.batch;
  const auto index = torch::randint(rgb_.size(0), {B}, gen, torch::kLong);
  TrainBatch b;
  b.step = step;
  auto rgb = rgb_.index_select(0, index).to(torch::kFloat32) / 255.0;
  torch::Tensor right;
  if (options_.needRight) right = right_.index_select(0, index).to(torch::kFloat32) / 255.0;
  auto depth = depth_.index_select(0, index);
  b.kind = kind_.index_select(0, index);
  if (options_.flip && !options_.needRight) {
    const auto flip = (torch::rand({B, 1, 1, 1}, gen) < 0.5);
    rgb = torch::where(flip, rgb.flip(3), rgb);
    depth = torch::where(flip, depth.flip(3), depth);
  }
  if (options_.colourJitter) {
    const auto u = [&](double lo, double hi) {
      return torch::rand({B, 1, 1, 1}, gen) * (hi - lo) + lo;
    };
    const auto brightness = u(0.7, 1.3), contrast = u(0.75, 1.3), saturation = u(0.6, 1.4);
    const auto gamma = u(0.8, 1.25);
    auto jitter = [&](torch::Tensor x) {
      x = x * brightness;
      const auto mean = x.mean({1, 2, 3}, true);
      x = (x - mean) * contrast + mean;
      const auto grey = x.mean(1, true);
      x = (x - grey) * saturation + grey;
      return x.clamp(0, 1).pow(gamma);
    };
    rgb = jitter(rgb);
    if (right.defined()) right = jitter(right);
  }
  b.rgb = rgb * 2 - 1;
  if (right.defined()) b.right = right * 2 - 1;
  b.depth = depth;
  b.valid = depth > 0;
  return b;
}

void SynthBatches::produce(int64_t step) {
  for (;; ++step) {
    TrainBatch b = make(step);
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stop_ || queue_.size() < kQueueDepth; });
    if (stop_) return;
    queue_.push_back(std::move(b));
    changed_.notify_all();
  }
}

TrainBatch SynthBatches::next() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !queue_.empty(); });
  TrainBatch b = std::move(queue_.front());
  queue_.pop_front();
  changed_.notify_all();
  return b;
}

}  // namespace ds
