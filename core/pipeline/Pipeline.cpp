#include "core/pipeline/Pipeline.h"

#include <cmath>
#include <sstream>

#include "core/image/StereoPair.h"
#include "core/stereo/DisparityDepth.h"
#include "core/stereo/MetricAlignment.h"
#include "core/stereo/SgbmMatcher.h"
#include "core/util/Error.h"
#include "core/util/Stopwatch.h"

namespace ds {

namespace {

double validFraction(const DepthMap& d) {
  return d.pixelCount() ? double(d.validCount()) / double(d.pixelCount()) : 0.0;
}

std::string assumedFovText() {
  std::ostringstream s;
  s << "assumed: " << Intrinsics::kDefaultHorizontalFovDeg
    << " degree horizontal field of view (give --fx for real geometry)";
  return s.str();
}

double evaluations(const DiffusionStageSettings& s) {
  return s.enabled ? double(s.sampling.steps) * (0.5 + 0.5 * s.sampling.ensemble) : 0.0;
}

// The best dense depth to refine: restored, else the base in metres, else the base.
const StageOutput* refinementInput(const PipelineResult& result) {
  for (const char* name : {"restored", "base_metric", "base"})
    if (const StageOutput* s = result.stage(name)) return s;
  return nullptr;
}

}  // namespace

void Pipeline::runDiffusionStages(const PipelineInput& input, const PipelineOptions& options,
                                  const std::string& baseModelId, double begin, double work,
                                  PipelineResult& result, ProgressSink& progress,
                                  const CancelToken& cancel, const PreviewSink& previews) {
  double at = begin;
  auto share = [&](const DiffusionStageSettings& s) {
    const double end = at + (1.0 - begin) * (work > 0 ? evaluations(s) / work : 0.0);
    SubProgress sub(progress, at, end);
    at = end;
    return sub;
  };
  if (options.restore.enabled) {
    cancel.throwIfCancelled();
    SubProgress sub = share(options.restore);
    result.stages.push_back(
        diffusion_->restore(input, options, baseModelId, sub, cancel, result.warnings, previews));
  }
  if (options.refine.enabled) {
    cancel.throwIfCancelled();
    const StageOutput* conditioning = refinementInput(result);
    if (!conditioning) throw Error("refine: there is no depth to refine");
    const StageOutput copy = *conditioning;  // push_back below may move the stages
    SubProgress sub = share(options.refine);
    result.stages.push_back(
        diffusion_->refine(input, copy, options, sub, cancel, result.warnings, previews));
  }
  if (options.depthgen.enabled) {
    cancel.throwIfCancelled();
    SubProgress sub = share(options.depthgen);
    result.stages.push_back(
        diffusion_->generate(input, options, sub, cancel, result.warnings, previews));
  }
}

Pipeline::Pipeline(const ModelRegistry& registry)
    : registry_(registry), diffusion_(std::make_unique<DiffusionStages>(registry)) {}

Pipeline::~Pipeline() = default;

std::string Pipeline::baseModelName(const PipelineInput& input,
                                    const PipelineOptions& options) const {
  if (!options.model.empty()) return options.model;
  if (input.hasStereo() && options.stereo) return {};  // stereo depth is the base
  try {
    registry_.resolve(PipelineOptions::kBuiltinBase);
    return PipelineOptions::kBuiltinBase;
  } catch (const Error&) {
    return {};
  }
}

BaseModel& Pipeline::model(const std::string& nameOrPath, const ModelOptions& options) {
  const std::string key = nameOrPath + "#" + std::to_string(options.threads) + "#" +
                          std::to_string(options.workingSize) + "#" + options.device;
  if (!model_ || modelKey_ != key) {
    model_.reset();  // free the old network before loading the next
    model_ = registry_.open(nameOrPath, options);
    modelKey_ = key;
  }
  return *model_;
}

std::shared_ptr<const PipelineResult> Pipeline::run(const PipelineInput& input,
                                                    const PipelineOptions& options,
                                                    ProgressSink& progress,
                                                    const CancelToken& cancel,
                                                    const PreviewSink& previews) {
  options.check();
  input.check();
  const std::string modelName = baseModelName(input, options);
  const bool useModel = !modelName.empty();
  const bool useStereo = input.hasStereo() && options.stereo;
  if (!useModel && !useStereo && !options.depthgen.enabled)
    throw Error(input.hasStereo()
                    ? "nothing to run: stereo matching is off and no model was given (--model)"
                    : "no depth model given and no built-in base model installed: use --model "
                      "NAME|PATH (see 'depthstudio-cli models'), or give a stereo pair with "
                      "--right");
  if (options.refine.enabled && !useModel && !useStereo && !options.restore.enabled)
    throw Error("refine: there is no depth to refine (no base model, no stereo pair)");
  Stopwatch total;
  auto result = std::make_shared<PipelineResult>();
  result->options = options;
  result->imagePath = input.imagePath;
  result->rightPath = input.rightPath;
  result->width = input.image.width();
  result->height = input.image.height();
  result->baselineM = input.baselineM;
  if (input.intrinsics) {
    result->intrinsics = *input.intrinsics;
    result->intrinsicsSource = "user";
  } else {
    result->intrinsics = Intrinsics::fromHorizontalFov(input.image.width(), input.image.height());
    result->intrinsicsSource = assumedFovText();
  }
  result->stages.reserve(8);  // stage pointers below stay valid
  // Progress: the diffusion stages share the bar in proportion to their network evaluations
  // (one evaluation ~ 2 base passes); the model and the matcher share the rest by usual cost.
  const double diffusionWork =
      evaluations(options.restore) + evaluations(options.refine) + evaluations(options.depthgen);
  const double baseWork = (useModel ? 2.0 : 0.0) + (useStereo ? 4.0 : 0.0);
  const double baseEnd = baseWork + diffusionWork > 0 ? baseWork / (baseWork + diffusionWork) : 1.0;
  const double modelShare = useModel ? (useStereo ? 0.3 : 1.0) * baseEnd : 0.0;

  const StageOutput* base = nullptr;
  if (useModel) {
    cancel.throwIfCancelled();
    progress.report({0.0, "base", 0, 0, "loading " + modelName});
    ModelOptions modelOptions = options.modelOptions;
    if (modelOptions.workingSize == 0) modelOptions.workingSize = options.workingSize;
    BaseModel& net = model(modelName, modelOptions);
    SubProgress sub(progress, 0.0, modelShare);
    Stopwatch watch;
    StageOutput stage;
    stage.name = "base";
    stage.depth = net.predict(input.image, sub, cancel);
    stage.milliseconds = watch.elapsedMs();
    stage.source = net.info().id;
    stage.sourceSha256 = net.info().sha256;
    stage.stats.push_back({"valid_fraction", validFraction(stage.depth)});
    result->stages.push_back(std::move(stage));
    base = &result->stages.back();
  }

  if (useStereo) {
    cancel.throwIfCancelled();
    StereoPair pair{input.image, input.right, input.intrinsics ? input.intrinsics->fx : 0.0,
                    input.baselineM};
    SubProgress sub(progress, modelShare, 0.97 * baseEnd);
    Stopwatch watch;
    const DepthMap disparity = SgbmMatcher(options.sgbm).computeDisparity(pair, sub, cancel);
    StageOutput stage;
    stage.name = useModel ? "stereo" : "base";
    stage.source = "stereo-sgbm";
    stage.stats.push_back({"valid_fraction", validFraction(disparity)});
    if (pair.hasMetricCalibration()) {
      stage.depth = disparityToDepth(disparity, pair.focalPx, pair.baselineM);
    } else {
      stage.depth = disparity;  // disparity in px: relative inverse depth
      if (input.baselineM > 0.0 || input.intrinsics)
        result->warnings.push_back(
            "stereo depth stays relative (disparity in pixels): metres need both the focal length "
            "(--fx) and the baseline (--baseline)");
    }
    stage.milliseconds = watch.elapsedMs();
    result->stages.push_back(std::move(stage));
    if (useModel) base = &result->stages.front();

    // A calibrated pair and a model: put the model's dense output into metres.
    if (useModel && result->stages.back().depth.kind() == DepthKind::MetricDepth) {
      cancel.throwIfCancelled();
      progress.report(
          {0.97 * baseEnd, "base_metric", 0, 0, "aligning the model's depth to stereo"});
      Stopwatch alignWatch;
      const MetricAlignmentResult fit =
          MetricAlignment(options.metricAlignment).align(base->depth, result->stages.back().depth);
      if (fit.ok) {
        StageOutput aligned;
        aligned.name = "base_metric";
        aligned.depth = fit.aligned;
        aligned.source = "base aligned to stereo";
        aligned.sourceSha256 = base->sourceSha256;
        aligned.stats = {{"scale", fit.scale},
                         {"shift", fit.shift},
                         {"inverse_space", fit.inverseSpace ? 1.0 : 0.0},
                         {"inlier_fraction", fit.inlierFraction},
                         {"samples", double(fit.samples)}};
        aligned.milliseconds = alignWatch.elapsedMs();
        result->stages.push_back(std::move(aligned));
      } else {
        result->warnings.push_back("the model's depth could not be aligned to stereo: " +
                                   fit.message);
      }
    }
  }
  runDiffusionStages(input, options, useModel ? model_->info().id : std::string(), baseEnd,
                     diffusionWork, *result, progress, cancel, previews);
  result->totalMilliseconds = total.elapsedMs();
  progress.report({1.0, result->stages.back().name, 0, 0, "done"});
  return result;
}

}  // namespace ds
