#pragma once
// The outcome of an evaluation run: one row per frame and per-split and overall means (mean of
// per-frame values, as papers report), as a text table or JSON.
#include <cstddef>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/eval/Alignment.h"
#include "core/eval/DepthMetrics.h"

namespace ds {

struct EvalFrameRow {
  std::string id, split;
  DepthMetrics metrics;
  Alignment alignment = Alignment::None;  // as applied
  double scale = 1.0, shift = 0.0;        // in the alignment's space
  bool degenerate = false;                // the fit fell back to a constant
  // Scored over scorable ground-truth pixels (DepthMetrics::truthPixels); 1 when none.
  double coverage() const {
    return metrics.truthPixels ? double(metrics.count) / double(metrics.truthPixels) : 1.0;
  }
};

struct EvalSummary {
  std::string split;  // "all" for the overall mean
  size_t frames = 0;  // frames with at least one scored pixel
  DepthMetrics mean;
  // Scored over scorable ground-truth pixels, all frames together; 1 when none.
  double coverage() const {
    return mean.truthPixels ? double(mean.count) / double(mean.truthPixels) : 1.0;
  }
};

struct EvalReport {
  std::vector<EvalFrameRow> frames;
  std::vector<EvalSummary> splits;  // by split name; empty when not asked for
  EvalSummary overall;

  // Fills splits (when perSplit) and overall from the rows.
  static EvalReport fromRows(std::vector<EvalFrameRow> rows, bool perSplit);

  // A fixed-width table like the papers': id, split, AbsRel, SqRel, RMSE, RMSElog, log10, δ1-3,
  // then the means. Degenerate fits are starred; frames whose prediction leaves ground truth
  // unscored are marked and the table ends with a warning that says how much.
  std::string formatTable() const;
  nlohmann::json toJson() const;
  // toJson() written atomically; throws ds::Error naming the path on failure.
  void writeJson(const std::filesystem::path& path) const;
};

}  // namespace ds
