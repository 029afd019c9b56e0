#pragma once
// Times the built-in networks the way the pipeline runs them (channels-last weights, inference
// mode, the U-Nets' constant-input cache) and, for comparison, through plain eager calls (NCHW
// weights, autograd off, the full concatenated input every step): per stage, per diffusion step,
// and base + restore + refine end to end. Medians of several runs after warm-up. LibTorch only,
// so it runs on GPU machines from the torch-only build.
#include "core/bench/BenchmarkOptions.h"
#include "core/bench/BenchmarkReport.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class PipelineBenchmark {
 public:
  // Throws ds::Error for bad options or model cards, ds::Cancelled when cancelled.
  BenchmarkReport run(const BenchmarkOptions& options, ProgressSink& progress,
                      const CancelToken& cancel);
};

}  // namespace ds
