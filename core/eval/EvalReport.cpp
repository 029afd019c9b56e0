#include "core/eval/EvalReport.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/util/AtomicWrite.h"

namespace ds {
namespace {

// Pads to a width in characters (not bytes: the header has δ, two bytes in UTF-8).
std::string padded(const std::string& s, size_t width, bool left) {
  size_t chars = 0;
  for (unsigned char c : s)
    chars += (c & 0xC0) != 0x80;
  const std::string pad(chars < width ? width - chars : 0, ' ');
  return left ? s + pad : pad + s;
}

std::string number(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

constexpr size_t kIdWidth = 24, kSplitWidth = 9, kValueWidth = 9;

std::string row(const std::string& id, const std::string& split, const DepthMetrics& m,
                const std::string& note) {
  std::string line = padded(id, kIdWidth, true) + padded(split, kSplitWidth, true);
  for (double v : {m.absRel, m.sqRel, m.rmse, m.rmseLog, m.log10, m.delta1, m.delta2, m.delta3})
    line += padded(number(v), kValueWidth, false);
  line += padded(std::to_string(m.count), 10, false) + note + "\n";
  return line;
}

nlohmann::json metricsJson(const DepthMetrics& m) {
  // NaN (no pixels) becomes null in nlohmann's output.
  return {{"abs_rel", m.absRel},   {"sq_rel", m.sqRel},  {"rmse", m.rmse},
          {"rmse_log", m.rmseLog}, {"log10", m.log10},   {"delta1", m.delta1},
          {"delta2", m.delta2},    {"delta3", m.delta3}, {"pixels", m.count}};
}

EvalSummary summarise(const std::string& split, const std::vector<DepthMetrics>& metrics) {
  EvalSummary s;
  s.split = split;
  for (const auto& m : metrics)
    s.frames += m.count > 0;
  s.mean = meanOfFrames(metrics);
  return s;
}

}  // namespace

EvalReport EvalReport::fromRows(std::vector<EvalFrameRow> rows, bool perSplit) {
  EvalReport report;
  report.frames = std::move(rows);
  std::map<std::string, std::vector<DepthMetrics>> bySplit;
  std::vector<DepthMetrics> all;
  for (const auto& r : report.frames) {
    bySplit[r.split].push_back(r.metrics);
    all.push_back(r.metrics);
  }
  if (perSplit)
    for (const auto& [split, metrics] : bySplit)
      report.splits.push_back(summarise(split, metrics));
  report.overall = summarise("all", all);
  return report;
}

std::string EvalReport::formatTable() const {
  std::string header = padded("id", kIdWidth, true) + padded("split", kSplitWidth, true);
  for (const char* name : {"AbsRel", "SqRel", "RMSE", "RMSElog", "log10", "δ1", "δ2", "δ3"})
    header += padded(name, kValueWidth, false);
  header += padded("pixels", 10, false) + "\n";
  const std::string rule(kIdWidth + kSplitWidth + 8 * kValueWidth + 10, '-');
  std::string out = header + rule + "\n";
  bool anyDegenerate = false;
  size_t partial = 0;
  const EvalFrameRow* leastCovered = nullptr;
  for (const auto& r : frames) {
    const bool someUnscored = r.metrics.count < r.metrics.truthPixels;
    out += row(r.id, r.split, r.metrics,
               std::string(r.degenerate ? " *" : "") + (someUnscored ? " +" : ""));
    anyDegenerate = anyDegenerate || r.degenerate;
    partial += someUnscored;
    if (someUnscored && (!leastCovered || r.coverage() < leastCovered->coverage()))
      leastCovered = &r;
  }
  out += rule + "\n";
  for (const auto& s : splits)
    out += row("mean (" + std::to_string(s.frames) + " frames)", s.split, s.mean, "");
  out +=
      row("mean (" + std::to_string(overall.frames) + " frames)", overall.split, overall.mean, "");
  if (anyDegenerate)
    out +=
        "* degenerate fit: the prediction would have been flipped or was flat; scored as a "
        "constant\n";
  if (leastCovered) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * leastCovered->coverage());
    const size_t truth = overall.mean.truthPixels;
    out += "+ warning: the prediction leaves " + std::to_string(truth - overall.mean.count) +
           " of " + std::to_string(truth) + " ground-truth pixels unscored in " +
           std::to_string(partial) + " frame(s) (least covered: " + leastCovered->id + ", " + buf +
           "); the metrics are over the covered pixels only, so they may flatter it\n";
  }
  return out;
}

nlohmann::json EvalReport::toJson() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : frames)
    rows.push_back({{"id", r.id},
                    {"split", r.split},
                    {"alignment", toString(r.alignment)},
                    {"scale", r.scale},
                    {"shift", r.shift},
                    {"degenerate", r.degenerate},
                    {"truth_pixels", r.metrics.truthPixels},
                    {"coverage", r.coverage()},
                    {"metrics", metricsJson(r.metrics)}});
  nlohmann::json splitMeans = nlohmann::json::object();
  for (const auto& s : splits)
    splitMeans[s.split] = {{"frames", s.frames}, {"metrics", metricsJson(s.mean)}};
  return {{"frames", rows},
          {"splits", splitMeans},
          {"overall",
           {{"frames", overall.frames},
            {"truth_pixels", overall.mean.truthPixels},
            {"coverage", overall.coverage()},
            {"metrics", metricsJson(overall.mean)}}}};
}

void EvalReport::writeJson(const std::filesystem::path& path) const {
  checkWritable(path);
  writeFileAtomically(path, toJson().dump(2) + "\n");
}

}  // namespace ds
