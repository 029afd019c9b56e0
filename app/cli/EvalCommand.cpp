// depthstudio-cli eval: scores a model (through the pipeline) or saved predictions on an RGB-D
// dataset folder; prints the per-frame table and the means, and writes JSON.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "core/eval/Evaluator.h"

#include "app/cli/OptionFlags.h"
#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/models/ModelCard.h"
#include "core/pipeline/Pipeline.h"
#include "core/pipeline/ResultFolder.h"
#include "core/pipeline/ResultJson.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds::cli {

namespace {

// A saved prediction for frame `id` under `dir`: DIR/<id>/result.json (what 'estimate --out
// DIR/<id>' writes) or a bare depth file DIR/<id>.npy|.pfm|.exr|.png of the given kind.
DepthMap loadPrediction(const fs::path& dir, const std::string& id, const std::string& stage,
                        const std::string& kindName) {
  if (fs::exists(dir / id / "result.json")) {
    const SavedResult saved = readResultFolder(dir / id);
    return stage.empty() ? saved.stages.back().depth : saved.stage(stage).depth;
  }
  for (const std::string& ext : supportedDepthExtensions()) {
    const fs::path file = dir / (id + ext);
    if (!fs::exists(file)) continue;
    const auto kind = parseDepthKind(kindName);
    if (!kind)
      throw UsageError(
          "--pred-kind must be metric_depth, relative_depth or "
          "relative_inverse_depth to read bare depth files like '" +
          file.string() + "'");
    return readDepth(file, DepthReadOptions{1000.0, *kind});
  }
  throw Error::file(dir, "has no prediction for frame '" + id + "' (looked for " + id +
                             "/result.json and " + id + ".npy/.pfm/.exr/.png)");
}

// Runs the pipeline on every frame and scores each stage it makes (or only `only`).
std::map<std::string, EvalReport> evaluatePipeline(
    const RgbdDataset& dataset, Pipeline& pipeline, const PipelineOptions& pipelineOptions,
    const EvalOptions& options, const std::string& only, bool stereo,
    std::vector<std::string>& order, ProgressSink& progress, const CancelToken& cancel) {
  std::map<std::string, std::vector<EvalFrameRow>> rows;
  NullProgress quietStages;
  for (size_t i = 0; i < dataset.size(); ++i) {
    cancel.throwIfCancelled();
    progress.report(
        {double(i) / dataset.size(), "eval", int(i + 1), int(dataset.size()), dataset.info(i).id});
    const RgbdFrame frame = dataset.load(i);
    PipelineInput input;
    input.image = frame.rgb;
    input.imagePath = frame.info.folder / "rgb.png";
    input.intrinsics = frame.intrinsics();
    if (stereo && fs::exists(frame.info.folder / "right.png")) {
      input.right = readImage(frame.info.folder / "right.png");
      input.rightPath = frame.info.folder / "right.png";
    }
    const auto result = pipeline.run(input, pipelineOptions, quietStages, cancel);
    bool found = only.empty();
    for (const StageOutput& s : result->stages) {
      if (!only.empty() && s.name != only) continue;
      found = true;
      if (!rows.count(s.name)) order.push_back(s.name);
      rows[s.name].push_back(Evaluator::evaluateFrame(frame, s.depth, options));
    }
    if (!found) throw UsageError("the pipeline made no stage '" + only + "'");
  }
  progress.report({1.0, "eval", int(dataset.size()), int(dataset.size()), "done"});
  std::map<std::string, EvalReport> reports;
  for (auto& [name, r] : rows)
    reports[name] = EvalReport::fromRows(std::move(r), options.perSplit);
  return reports;
}

std::string summaryTable(const std::map<std::string, EvalReport>& reports,
                         const std::vector<std::string>& order) {
  std::string out = "\nper stage (mean over frames)\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-12s %-8s %6s %8s %8s %8s %8s\n", "stage", "split", "frames",
                "AbsRel", "RMSE", "delta1", "delta2");
  out += line;
  for (const auto& name : order) {
    const EvalReport& r = reports.at(name);
    std::vector<EvalSummary> rowsOut = r.splits;
    rowsOut.push_back(r.overall);
    for (const auto& s : rowsOut) {
      std::snprintf(line, sizeof line, "%-12s %-8s %6zu %8.4f %8.4f %8.4f %8.4f\n", name.c_str(),
                    s.split.c_str(), s.frames, s.mean.absRel, s.mean.rmse, s.mean.delta1,
                    s.mean.delta2);
      out += line;
    }
  }
  return out;
}

// Records the per-stage means in a model card's metrics under `key` (the weights are unchanged).
void recordInCard(const fs::path& cardPath, const std::string& key,
                  const std::map<std::string, EvalReport>& reports, const fs::path& data,
                  const nlohmann::json& evaluatedWith) {
  ModelCard card = ModelCard::read(cardPath);
  nlohmann::json metrics = nlohmann::json::parse(card.metrics);
  nlohmann::json entry = {{"data", fs::absolute(data).string()}, {"evaluated_with", evaluatedWith}};
  for (const auto& [name, r] : reports) {
    nlohmann::json stage = nlohmann::json::object();
    std::vector<EvalSummary> all = r.splits;
    all.push_back(r.overall);
    for (const auto& s : all)
      stage[s.split] = {
          {"frames", s.frames},      {"abs_rel", s.mean.absRel},   {"sq_rel", s.mean.sqRel},
          {"rmse", s.mean.rmse},     {"rmse_log", s.mean.rmseLog}, {"log10", s.mean.log10},
          {"delta1", s.mean.delta1}, {"delta2", s.mean.delta2},    {"delta3", s.mean.delta3}};
    entry[name] = stage;
  }
  metrics[key] = entry;
  card.metrics = metrics.dump();
  card.write(cardPath);
}

}  // namespace

int runEval(const Args& args, CliContext& context) {
  ArgParser p("depthstudio-cli eval",
              "Scores depth predictions against ground truth on a dataset folder laid out as\n"
              "<root>/<id>/{rgb.png, depth.png, valid.png, intrinsics.json} (see README).\n"
              "Predictions come from the pipeline run now (the base model by default, plus\n"
              "--restore/--refine/--depthgen; every stage is scored) or from saved results\n"
              "(--pred). Each prediction is aligned to the ground truth as its kind requires\n"
              "(relative outputs per image by least-squares scale and shift, in their own space,\n"
              "with a positive scale). A frame folder with right.png is run as a stereo pair\n"
              "with --stereo-frames.");
  p.option("data", "ROOT", "dataset folder");
  p.option("pred", "DIR", "saved predictions: DIR/<id>/result.json or DIR/<id>.npy");
  p.option("stage", "NAME", "score only this stage (default: every stage; --pred: the last)");
  p.option("pred-kind", "KIND", "kind of bare prediction files", "relative_depth");
  p.option("alignment", "MODE", "auto, none, median, lsq_depth, lsq_inverse_depth", "auto");
  p.option("convention", "NAME", "impose nyu or kitti crop and range on every frame");
  p.option("json", "FILE", "where to write the report as JSON", "eval.json");
  p.flag("stereo-frames", "run frames that have right.png as stereo pairs (AV-LFE, stereo)");
  p.option("card", "FILE", "also record the per-stage means in this model card's metrics");
  p.option("card-key", "NAME", "the key under \"metrics\" in the card", "eval");
  addPipelineFlags(p);
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;
  if (!p.has("data")) throw UsageError("--data ROOT is required");
  if (p.has("model") && p.has("pred")) throw UsageError("give --model or --pred, not both");

  EvalOptions options;
  const auto alignment = parseAlignment(p.get("alignment"));
  if (!alignment) throw UsageError("--alignment '" + p.get("alignment") + "' is not a known mode");
  options.alignment = *alignment;
  options.convention = p.get("convention");
  options.check();
  const fs::path jsonPath = p.get("json");
  checkWritable(jsonPath);  // fail before a long run, not after

  const RgbdDataset dataset = RgbdDataset::open(p.get("data"));
  const std::string stage = p.get("stage");
  ConsoleProgress progress(context.quiet || p.has("quiet"));
  nlohmann::json out = {{"data", fs::absolute(p.get("data")).string()},
                        {"alignment", toString(options.alignment)},
                        {"convention", options.convention}};
  if (p.has("pred")) {
    Evaluator::Predictor predict = [&](const RgbdFrame& frame) {
      return loadPrediction(p.get("pred"), frame.id(), stage, p.get("pred-kind"));
    };
    const EvalReport report = Evaluator().run(dataset, predict, options, progress, context.cancel);
    progress.finish();
    std::cout << report.formatTable();
    out["report"] = report.toJson();
    out["pred"] = fs::absolute(p.get("pred")).string();
    out["stage"] = stage;
  } else {
    const PipelineOptions pipelineOptions = pipelineOptionsFrom(p);
    Pipeline pipeline(context.registry);
    std::vector<std::string> order;
    const auto reports = evaluatePipeline(dataset, pipeline, pipelineOptions, options, stage,
                                          p.has("stereo-frames"), order, progress, context.cancel);
    progress.finish();
    nlohmann::json stages = nlohmann::json::object();
    for (const auto& name : order) {
      std::cout << "\n== stage " << name << "\n" << reports.at(name).formatTable();
      stages[name] = reports.at(name).toJson();
    }
    std::cout << summaryTable(reports, order);
    out["stages"] = stages;
    out["stage_order"] = order;
    out["options"] = optionsToJson(pipelineOptions);
    // Back compatibility: "report" is the last stage's.
    if (!order.empty()) out["report"] = stages[order.back()];
    if (p.has("card")) {
      // The settings a reader needs to reproduce the card's numbers.
      const nlohmann::json all = out["options"];
      nlohmann::json with = {{"model", all["model"]},
                             {"working_size", all["working_size"]},
                             {"alignment", toString(options.alignment)}};
      for (const char* stageName : {"restore", "refine", "depthgen"})
        if (all[stageName]["enabled"].get<bool>())
          with[stageName] = {{"steps", all[stageName]["steps"]},
                             {"ensemble", all[stageName]["ensemble"]},
                             {"sampler", all[stageName]["sampler"]}};
      recordInCard(p.get("card"), p.get("card-key"), reports, p.get("data"), with);
    }
  }
  writeFileAtomically(jsonPath, out.dump(2) + "\n");
  std::cout << "\nreport written to " << jsonPath.string() << "\n";
  return 0;
}

}  // namespace ds::cli
