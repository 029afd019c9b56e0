#pragma once
// The training loop every model shares: AdamW with warm-up and cosine decay, gradient clipping,
// a CSV loss log (and an SVG plot on request), checkpoints every few hundred steps and on cancel
// (Ctrl-C keeps the progress), resume from the last checkpoint, and the model card at the end with
// the command, seed, steps, wall time, hardware and data. Same code on the CPU and on CUDA.
#include <string>

#include "core/models/ModelCard.h"
#include "core/train/TrainOptions.h"
#include "core/train/TrainingTask.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

struct TrainReport {
  int64_t firstStep = 0, steps = 0;
  double seconds = 0;  // wall time of all runs that made the weights (resumes included)
  double finalLoss = 0;
  ModelCard card;
};

class Trainer {
 public:
  // Throws ds::Error for bad options or files, ds::Cancelled after checkpointing when cancelled.
  TrainReport run(const TrainOptions& options, TrainingTask& task, ProgressSink& progress,
                  const CancelToken& cancel);

  // "Intel(R) Xeon(R) ... (2 threads), LibTorch 1.13.0" or "cuda:0, LibTorch ...".
  static std::string hardwareText(const std::string& device);
  // Writes an SVG line plot of the CSV log's columns after "step".
  static void plotLog(const std::filesystem::path& csv, const std::filesystem::path& svg);
};

}  // namespace ds
