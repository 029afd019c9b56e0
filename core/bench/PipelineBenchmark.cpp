#include "core/bench/PipelineBenchmark.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <sys/resource.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <algorithm>
#include <functional>

#include "core/methods/BuiltinNetworks.h"
#include "core/methods/DeviceChoice.h"
#include "core/nn/ChannelsLast.h"
#include "core/util/Error.h"
#include "core/util/Stopwatch.h"

#ifdef DS_HAVE_C10_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace ds {

namespace {

struct Nets {
  BaseDepthNet base{nullptr};
  FeatureRestorer restorer{nullptr};
  DepthRefiner refiner{nullptr};
  DepthGenerator generator{nullptr};
};

// The cards' networks, or the default architectures with seeded random weights, in NCHW.
Nets makeNets(const BenchmarkOptions& o, const torch::Device& device) {
  torch::manual_seed(0);
  Nets n;
  auto card = [](const std::string& path) { return ModelCard::read(path); };
  n.base = o.baseCard.empty() ? BaseDepthNet(BaseDepthNetConfig{})
                              : loadBaseDepthNet(card(o.baseCard), torch::kCPU);
  n.restorer = o.restorerCard.empty()
                   ? FeatureRestorer(FeatureRestorerConfig::forBase(n.base->config()))
                   : loadFeatureRestorer(card(o.restorerCard), torch::kCPU);
  n.refiner = o.refinerCard.empty() ? DepthRefiner(DepthRefinerConfig{})
                                    : loadDepthRefiner(card(o.refinerCard), torch::kCPU);
  n.generator = o.depthgenCard.empty() ? DepthGenerator(DepthGeneratorConfig{})
                                       : loadDepthGenerator(card(o.depthgenCard), torch::kCPU);
  for (torch::nn::Module* m : std::initializer_list<torch::nn::Module*>{
           n.base.get(), n.restorer.get(), n.refiner.get(), n.generator.get()}) {
    m->to(device);
    m->eval();
    torch::NoGradGuard g;
    for (auto& p : m->parameters())
      p.set_data(p.contiguous());  // loaded cards are channels-last
  }
  return n;
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

double peakMemoryMiB(const torch::Device& device) {
#ifdef DS_HAVE_C10_CUDA
  if (device.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
    return double(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
  }
#endif
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

void resetPeak(const torch::Device& device) {
#ifdef DS_HAVE_C10_CUDA
  if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index());
#endif
}

struct Timer {
  const BenchmarkOptions& o;
  const torch::Device& device;
  const CancelToken& cancel;
  // Median and minimum of o.runs timed calls after o.warmup untimed ones.
  std::pair<double, double> operator()(const std::function<void()>& work) const {
    for (int i = 0; i < o.warmup; ++i) {
      cancel.throwIfCancelled();
      work();
    }
    synchronize(device);
    std::vector<double> ms;
    for (int i = 0; i < o.runs; ++i) {
      cancel.throwIfCancelled();
      Stopwatch watch;
      work();
      synchronize(device);
      ms.push_back(watch.elapsedMs());
    }
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    const double median = n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
    return {median, ms.front()};
  }
};

}  // namespace

BenchmarkReport PipelineBenchmark::run(const BenchmarkOptions& o, ProgressSink& progress,
                                       const CancelToken& cancel) {
  o.check();
  const torch::Device device = resolveDevice(o.device);
  if (o.threads > 0) at::set_num_threads(o.threads);
  BenchmarkReport report;
  report.device = device.is_cuda() ? describeDevice(device)
                                   : "cpu (" + std::to_string(at::get_num_threads()) + " threads)";
  report.torchVersion = TORCH_VERSION;
  report.width = o.width;
  report.height = o.height;
  report.steps = o.steps;
  report.ensemble = o.ensemble;
  report.runs = o.runs;
  report.warmup = o.warmup;
  report.memoryNote = device.is_cuda()
#ifdef DS_HAVE_C10_CUDA
                          ? "peak CUDA memory allocated while the row ran"
#else
                          ? "CUDA memory statistics not available in this build; process peak RSS"
#endif
                          : "process peak resident memory so far (ru_maxrss)";

  Nets n = makeNets(o, device);
  const Timer time{o, device, cancel};
  const int64_t K = o.ensemble;
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  const torch::Tensor rgb = torch::rand({1, 3, o.height, o.width}, f32) * 2 - 1;
  const torch::Tensor aux = torch::roll(rgb, {-8}, {3});
  const torch::Tensor cond = torch::rand({1, 1, o.height, o.width}, f32) * 2 - 1;
  const torch::Tensor xt = torch::randn({K, 1, o.height, o.width}, f32);
  const torch::Tensor t = torch::full({K}, 500, torch::TensorOptions(torch::kLong).device(device));
  const std::string frame = std::to_string(o.width) + "x" + std::to_string(o.height);
  const std::string batch = std::to_string(K) + "x1x" + frame;

  struct Work {
    std::string name, detail;
    std::function<void()> optimised, eager;
  };
  RestorerFeatures features;
  UNetInputCache refineCache, genCache;
  torch::Tensor featureXt;
  const std::vector<Work> work = {
      {"base", "1x3x" + frame + " -> relative inverse depth", [&] { n.base->forward(rgb); },
       [&] { n.base->forward(rgb); }},
      {"restore encode", "base encoder + fused feature + mutual map",
       [&] { features = n.restorer->encode(*n.base, rgb, std::nullopt); },
       [&] { features = n.restorer->encode(*n.base, rgb, std::nullopt); }},
      {"restore encode AV-LFE", "both views encoded, levels 0-1 aligned and fused",
       [&] { n.restorer->encode(*n.base, rgb, aux); },
       [&] { n.restorer->encode(*n.base, rgb, aux); }},
      {"restore step", std::to_string(K) + " member(s): feature denoiser + decode",
       [&] { n.restorer->decode(*n.base, n.restorer->denoise(featureXt, t, features), features); },
       [&] { n.restorer->decode(*n.base, n.restorer->denoise(featureXt, t, features), features); }},
      {"refine step", batch + ": U-Net, cached image+conditioning conv",
       [&] { n.refiner->unet()->forwardCached(xt, t, refineCache); },
       [&] {
         n.refiner->forward(xt, t, rgb.expand({K, 3, o.height, o.width}),
                            cond.expand({K, 1, o.height, o.width}));
       }},
      {"depthgen step", batch + ": U-Net, cached image conv",
       [&] { n.generator->unet()->forwardCached(xt, t, genCache); },
       [&] {
         n.generator->forward(xt, t, rgb.expand({K, 3, o.height, o.width}));
       }},
  };

  auto prepare = [&] {
    torch::NoGradGuard g;
    features = n.restorer->encode(*n.base, rgb, std::nullopt);
    featureXt =
        torch::randn({K, features.d2.size(1), features.d2.size(2), features.d2.size(3)}, f32);
    refineCache = n.refiner->unet()->cacheConstantInput(torch::cat({rgb, cond}, 1));
    genCache = n.generator->unet()->cacheConstantInput(rgb);
  };
  const int total = int(work.size()) * 2 + 1;
  int done = 0;
  auto tick = [&](const std::string& what) {
    progress.report({double(done++) / total, "bench", done, total, what});
  };

  // Plain eager calls first, on NCHW weights, with autograd off but no inference mode.
  std::vector<double> eager;
  {
    torch::NoGradGuard g;
    prepare();
    for (const auto& w : work) {
      tick(w.name + " (eager)");
      eager.push_back(time(w.eager).first);
    }
  }
  // Then the pipeline's way: channels-last weights, inference mode, cached constant inputs.
  convertToChannelsLast(*n.base);
  convertToChannelsLast(*n.refiner);
  convertToChannelsLast(*n.generator);
  {
    c10::InferenceMode inference;
    prepare();
    for (size_t i = 0; i < work.size(); ++i) {
      tick(work[i].name);
      resetPeak(device);
      const auto [median, fastest] = time(work[i].optimised);
      report.rows.push_back(
          {work[i].name, work[i].detail, median, fastest, eager[i], peakMemoryMiB(device)});
    }
    // End to end: base + restore (T steps) + refine (T steps), trajectories kept, as estimate runs.
    tick("end to end");
    DiffusionStageOptions sampling;
    sampling.steps = o.steps;
    sampling.ensemble = o.ensemble;
    NullProgress quiet;
    resetPeak(device);
    const auto [median, fastest] = time([&] {
      n.base->forward(rgb);
      const DiffusionOutcome restored =
          n.restorer->restore(*n.base, rgb, std::nullopt, sampling, quiet, cancel);
      n.refiner->refine(rgb, restored.combined.to(device).clamp(-1, 1), sampling, quiet, cancel);
    });
    report.rows.push_back({"end to end",
                           "base + " + std::to_string(o.steps) + " restore + " +
                               std::to_string(o.steps) + " refine steps",
                           median, fastest, -1.0, peakMemoryMiB(device)});
  }
  progress.report({1.0, "bench", total, total, "done"});
  return report;
}

}  // namespace ds
