#include "core/pipeline/ResultJson.h"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/util/Error.h"

namespace ds {

namespace {

std::string isoTimeNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

}  // namespace

nlohmann::json intrinsicsToJson(const Intrinsics& k) {
  return {{"fx", k.fx}, {"fy", k.fy},       {"cx", k.cx},
          {"cy", k.cy}, {"width", k.width}, {"height", k.height}};
}

Intrinsics intrinsicsFromJson(const nlohmann::json& j) {
  Intrinsics k;
  try {
    k.fx = j.at("fx").get<double>();
    k.fy = j.at("fy").get<double>();
    k.cx = j.at("cx").get<double>();
    k.cy = j.at("cy").get<double>();
    k.width = j.at("width").get<int>();
    k.height = j.at("height").get<int>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("intrinsics: ") + e.what());
  }
  k.check();
  return k;
}

namespace {

nlohmann::json diffusionToJson(const DiffusionStageSettings& d) {
  const DiffusionStageOptions& o = d.sampling;
  return {{"enabled", d.enabled},
          {"model", d.model},
          {"steps", o.steps},
          {"ensemble", o.ensemble},
          {"seed", o.seed},
          {"eta", o.eta},
          {"sampler", toString(o.sampler)},
          {"spacing", toString(o.spacing)},
          {"reduction", toString(o.reduction)}};
}

}  // namespace

nlohmann::json optionsToJson(const PipelineOptions& o) {
  const SgbmOptions& s = o.sgbm;
  const MetricAlignmentOptions& a = o.metricAlignment;
  return {
      {"model", o.model},
      {"model_threads", o.modelOptions.threads},
      {"device", o.modelOptions.device},
      {"working_size", o.workingSize},
      {"restore", diffusionToJson(o.restore)},
      {"aux_view", o.auxView},
      {"refine", diffusionToJson(o.refine)},
      {"depthgen", diffusionToJson(o.depthgen)},
      {"stereo", o.stereo},
      {"sgbm",
       {{"min_disparity", s.minDisparity},
        {"num_disparities", s.numDisparities},
        {"block_size", s.blockSize},
        {"p1", s.p1},
        {"p2", s.p2},
        {"uniqueness_ratio", s.uniquenessRatio},
        {"speckle_window_size", s.speckleWindowSize},
        {"speckle_range", s.speckleRange},
        {"mode", toString(s.mode)},
        {"left_right_check", s.leftRightCheck},
        {"left_right_max_diff", s.leftRightMaxDiff},
        {"fill_holes", s.fillHoles},
        {"fill_agreement", s.fillAgreement},
        {"downscale", s.downscale},
        {"match_in_colour", s.matchInColour}}},
      {"metric_alignment",
       {{"method", toString(a.method)},
        {"max_iterations", a.maxIterations},
        {"inlier_sigmas", a.inlierSigmas},
        {"seed", a.seed}}},
  };
}

nlohmann::json resultToJson(const PipelineResult& r, const nlohmann::json& stageFiles) {
  nlohmann::json stages = nlohmann::json::array();
  nlohmann::json timings = nlohmann::json::object();
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const StageOutput& s = r.stages[i];
    const auto range = s.depth.validRange();
    nlohmann::json stats = nlohmann::json::object();
    for (const auto& [key, value] : s.stats)
      stats[key] = value;
    nlohmann::json stage = {
        {"name", s.name},
        {"kind", toString(s.depth.kind())},
        {"width", s.depth.width()},
        {"height", s.depth.height()},
        {"source", s.source},
        {"sha256", s.sourceSha256},
        {"milliseconds", s.milliseconds},
        {"valid_fraction",
         s.depth.pixelCount() ? double(s.depth.validCount()) / double(s.depth.pixelCount()) : 0.0},
        {"valid_range", {range.first, range.second}},
        {"stats", stats},
    };
    if (!s.timesteps.empty()) stage["timesteps"] = s.timesteps;
    if (!s.conditionedOn.empty()) stage["conditioned_on"] = s.conditionedOn;
    if (i < stageFiles.size()) stage["files"] = stageFiles[i];
    stages.push_back(stage);
    timings[s.name] = s.milliseconds;
  }
  timings["total"] = r.totalMilliseconds;
  return {
      {"format", "depthstudio-result"},
      {"version", 1},
      {"created", isoTimeNow()},
      {"input",
       {{"image", r.imagePath.string()},
        {"right", r.rightPath.string()},
        {"width", r.width},
        {"height", r.height},
        {"baseline_m", r.baselineM}}},
      {"intrinsics", intrinsicsToJson(r.intrinsics)},
      {"intrinsics_source", r.intrinsicsSource},
      {"options", optionsToJson(r.options)},
      {"stages", stages},
      {"geometry_stage", r.stages.empty() ? "" : r.geometryStage().name},
      {"timings_ms", timings},
      {"warnings", r.warnings},
  };
}

}  // namespace ds
