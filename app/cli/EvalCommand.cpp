// depthstudio-cli eval: scores a model (through the pipeline) or saved predictions on an RGB-D
// dataset folder; prints the per-frame table and the means, and writes JSON.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "core/eval/Evaluator.h"
#include "core/image/DepthIo.h"
#include "core/pipeline/Pipeline.h"
#include "core/pipeline/ResultFolder.h"
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

}  // namespace

int runEval(const Args& args, CliContext& context) {
  ArgParser p("depthstudio-cli eval",
              "Scores depth predictions against ground truth on a dataset folder laid out as\n"
              "<root>/<id>/{rgb.png, depth.png, valid.png, intrinsics.json} (see README).\n"
              "Predictions come from a model run now (--model) or from saved results (--pred).\n"
              "Each prediction is aligned to the ground truth as its kind requires (relative\n"
              "outputs per image by least-squares scale and shift, in their own space).");
  p.option("data", "ROOT", "dataset folder");
  p.option("model", "NAME|PATH", "run this model on every frame");
  p.option("pred", "DIR", "saved predictions: DIR/<id>/result.json or DIR/<id>.npy");
  p.option("stage", "NAME", "which stage of a result to score (default: the last one)");
  p.option("pred-kind", "KIND", "kind of bare prediction files", "relative_depth");
  p.option("alignment", "MODE", "auto, none, median, lsq_depth, lsq_inverse_depth", "auto");
  p.option("convention", "NAME", "impose nyu or kitti crop and range on every frame");
  p.option("json", "FILE", "where to write the report as JSON", "eval.json");
  p.option("threads", "N", "CPU threads for the model (0 = all)", "0");
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;
  if (!p.has("data")) throw UsageError("--data ROOT is required");
  if (p.has("model") == p.has("pred")) throw UsageError("give exactly one of --model or --pred");

  EvalOptions options;
  const auto alignment = parseAlignment(p.get("alignment"));
  if (!alignment) throw UsageError("--alignment '" + p.get("alignment") + "' is not a known mode");
  options.alignment = *alignment;
  options.convention = p.get("convention");
  options.check();
  const fs::path jsonPath = p.get("json");
  checkWritable(jsonPath);  // fail before a long run, not after

  const RgbdDataset dataset = RgbdDataset::open(p.get("data"));
  Pipeline pipeline(context.registry);
  PipelineOptions pipelineOptions;
  pipelineOptions.model = p.get("model");
  pipelineOptions.modelOptions.threads = p.getInt("threads");
  pipelineOptions.check();
  const std::string stage = p.get("stage");
  NullProgress quietStages;

  Evaluator::Predictor predict = [&](const RgbdFrame& frame) {
    if (p.has("pred")) return loadPrediction(p.get("pred"), frame.id(), stage, p.get("pred-kind"));
    PipelineInput input;
    input.image = frame.rgb;
    input.imagePath = frame.info.folder / "rgb.png";
    input.intrinsics = frame.intrinsics();
    const auto result = pipeline.run(input, pipelineOptions, quietStages, context.cancel);
    if (stage.empty()) return result->stages.back().depth;
    if (const StageOutput* s = result->stage(stage)) return s->depth;
    throw UsageError("the pipeline made no stage '" + stage + "'");
  };

  ConsoleProgress progress(context.quiet || p.has("quiet"));
  const EvalReport report = Evaluator().run(dataset, predict, options, progress, context.cancel);
  progress.finish();
  std::cout << report.formatTable();

  nlohmann::json out = {{"data", fs::absolute(p.get("data")).string()},
                        {"alignment", toString(options.alignment)},
                        {"convention", options.convention},
                        {"report", report.toJson()}};
  if (p.has("model")) {
    const ModelSidecar sidecar = context.registry.resolve(p.get("model"));
    out["model"] = {{"name", sidecar.name}, {"path", sidecar.modelPath.string()}};
  } else {
    out["pred"] = fs::absolute(p.get("pred")).string();
    out["stage"] = stage;
  }
  writeFileAtomically(jsonPath, out.dump(2) + "\n");
  std::cout << "\nreport written to " << jsonPath.string() << "\n";
  return 0;
}

}  // namespace ds::cli
