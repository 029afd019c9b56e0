#include "core/pipeline/DiffusionStages.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <functional>

#include "core/methods/BorderPadding.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/methods/DepthNormalizer.h"
#include "core/methods/DeviceChoice.h"
#include "core/methods/ImageTensor.h"
#include "core/methods/WorkingResolution.h"
#include "core/nn/DepthEncoder.h"
#include "core/util/Error.h"
#include "core/util/Stopwatch.h"

namespace ds {

namespace fs = std::filesystem;

namespace {

// A network loaded from a card, kept while the same card and device are asked for.
template <typename Holder>
struct Slot {
  std::string key;
  ModelCard card;
  Holder net{nullptr};
};

template <typename Holder, typename Load>
Slot<Holder>& ensure(Slot<Holder>& slot, const ModelRegistry& registry, const std::string& name,
                     const torch::Device& device, Load load) {
  const fs::path cardPath = registry.resolve(name).sidecarPath;
  const std::string key = cardPath.string() + "#" + device.str();
  if (slot.key != key) {
    slot = {};  // free the old network first
    slot.card = ModelCard::read(cardPath);
    slot.net = load(slot.card, device);
    slot.key = key;
  }
  return slot;
}

std::string idOf(const ModelCard& card) {
  return card.cardPath.stem().string();
}

void warnIfUntrained(const ModelCard& card, const std::string& role,
                     std::vector<std::string>& warnings) {
  if (card.training.steps == 0)
    warnings.push_back(role + " '" + idOf(card) +
                       "' is untrained (its card records 0 training steps): its output is not "
                       "depth");
}

// Per-image positive scale and shift taking the reference's range to [0.05, 1.05], applied alike
// to the result and every trajectory frame so that the frames stay comparable.
struct RangeMap {
  double lo = 0.0, scale = 1.0;
  explicit RangeMap(const torch::Tensor& reference) {
    const auto finite = reference.masked_select(torch::isfinite(reference));
    if (finite.numel() == 0) return;
    lo = finite.min().item<double>();
    const double hi = finite.max().item<double>();
    scale = hi > lo ? 1.0 / (hi - lo) : 1.0;
  }
  torch::Tensor operator()(const torch::Tensor& x) const { return (x - lo) * scale + 0.05; }
};

double percentileRange(const torch::Tensor& x) {
  const auto finite = x.masked_select(torch::isfinite(x)).to(torch::kFloat32);
  if (finite.numel() < 2) return 0.0;
  const auto q = at::quantile(finite, torch::tensor({0.02, 0.98}, torch::kFloat32));
  return (q[1] - q[0]).item<double>();
}

struct Frame {
  int width = 0, height = 0;
};

// A diffusion stage's output from its outcome: `toValues` takes the sampling space to the stage's
// values (applied alike to the result and every trajectory frame), then everything is resampled
// to the image; the uncertainty is the members' spread relative to the result's range.
StageOutput makeStage(const std::string& name, const ModelCard& card, const DiffusionOutcome& out,
                      const std::function<torch::Tensor(const torch::Tensor&)>& toValues,
                      DepthKind kind, const PipelineInput& input, const DiffusionStageOptions& o,
                      const Frame& frame) {
  const int W = input.image.width(), H = input.image.height();
  StageOutput stage;
  stage.name = name;
  stage.source = idOf(card);
  stage.sourceSha256 = card.weights.sha256;
  stage.depth = depthMapFrom(toValues(out.combined), {}, kind, W, H);
  for (const auto& f : out.trajectory)
    stage.trajectory.push_back(depthMapFrom(toValues(f), {}, kind, int(f.size(3)), int(f.size(2))));
  stage.timesteps = out.timesteps;
  if (o.ensemble > 1) {
    const double range = percentileRange(out.combined);
    const torch::Tensor spread = out.uncertainty / (range > 0 ? range : 1.0);
    stage.uncertainty = depthMapFrom(spread, {}, DepthKind::RelativeInverseDepth, W, H);
  }
  stage.stats = {{"steps", double(o.steps)},
                 {"ensemble", double(o.ensemble)},
                 {"seed", double(o.seed)},
                 {"eta", o.eta},
                 {"working_width", double(frame.width)},
                 {"working_height", double(frame.height)}};
  return stage;
}

// Each step's frame to a StagePreview through `toValues`.
FrameSink previewFrames(const std::string& stage, const PreviewSink& previews,
                        const std::function<torch::Tensor(const torch::Tensor&)>& toValues,
                        DepthKind kind) {
  if (!previews) return {};
  return [stage, previews, toValues, kind](int step, int steps, const torch::Tensor& frame) {
    const torch::Tensor v = toValues(frame);
    previews({stage, step, steps, depthMapFrom(v, {}, kind, int(v.size(3)), int(v.size(2)))});
  };
}

// The restorer's outcome on a border-padded image, back in the image's frame.
DiffusionOutcome croppedOutcome(DiffusionOutcome out, const BorderPadding& border) {
  out.combined = border.crop(out.combined);
  if (out.uncertainty.defined()) out.uncertainty = border.crop(out.uncertainty);
  if (out.members.defined()) out.members = border.crop(out.members);
  for (auto& f : out.trajectory)
    f = border.crop(f);
  return out;
}

// A frame's own positive range map (previews of relative stages).
torch::Tensor ownRange(const torch::Tensor& x) {
  return RangeMap(x)(x);
}

Frame workingFrame(const PipelineInput& input, const PipelineOptions& options,
                   const ModelCard& card, int multiple) {
  const int longSide =
      options.workingSize > 0 ? options.workingSize : std::max(card.inputWidth, card.inputHeight);
  const auto w =
      WorkingResolution::forImage(input.image.width(), input.image.height(), longSide, multiple);
  return {w.width, w.height};
}

torch::Device deviceFor(const PipelineOptions& options) {
  if (options.modelOptions.threads > 0) at::set_num_threads(options.modelOptions.threads);
  return resolveDevice(options.modelOptions.device);
}

}  // namespace

struct DiffusionStages::Loaded {
  Slot<BaseDepthNet> base;
  Slot<FeatureRestorer> restorer;
  Slot<DepthRefiner> refiner;
  Slot<DepthGenerator> generator;
};

DiffusionStages::DiffusionStages(const ModelRegistry& registry)
    : registry_(registry), loaded_(std::make_unique<Loaded>()) {}

DiffusionStages::~DiffusionStages() = default;

StageOutput DiffusionStages::restore(const PipelineInput& input, const PipelineOptions& options,
                                     const std::string& baseModelId, ProgressSink& progress,
                                     const CancelToken& cancel, std::vector<std::string>& warnings,
                                     const PreviewSink& previews) {
  const torch::Device device = deviceFor(options);
  progress.report({0.0, "restored", 0, 0, "loading " + options.restore.model});
  auto& r =
      ensure(loaded_->restorer, registry_, options.restore.model, device, loadFeatureRestorer);
  const FeatureRestorerConfig& rc = r.net->config();
  if (rc.baseModel.empty())
    throw Error::file(r.card.cardPath, "names no base model (architecture.config.baseModel)");
  auto& b = ensure(loaded_->base, registry_, rc.baseModel, device, loadBaseDepthNet);
  if (!rc.baseSha256.empty() && rc.baseSha256 != b.card.weights.sha256)
    throw Error::file(r.card.cardPath, "was trained on base '" + rc.baseModel + "' with weights " +
                                           rc.baseSha256 + ", but '" +
                                           b.card.weightsPath().string() + "' has " +
                                           b.card.weights.sha256);
  warnIfUntrained(r.card, "restorer", warnings);
  if (!baseModelId.empty() && baseModelId != idOf(b.card))
    warnings.push_back("the restorer restores its own base '" + idOf(b.card) +
                       "', not the base stage's model '" + baseModelId + "'");

  Stopwatch watch;
  const Frame frame = workingFrame(input, options, r.card, int(DepthEncoderConfig::kStride));
  const bool useAux = input.hasStereo() && options.auxView;
  // The base's border padding (its card) applies to the features the restorer restores too.
  const BorderPadding border(b.card.borderPadding);
  border.checkFits(int(DepthEncoderConfig::kStride));
  const torch::Tensor rgb =
      border.pad(networkImage(input.image, frame.width, frame.height).to(device));
  std::optional<torch::Tensor> aux;
  if (useAux) aux = border.pad(networkImage(input.right, frame.width, frame.height).to(device));
  const auto croppedRange = [&border](const torch::Tensor& x) { return ownRange(border.crop(x)); };
  const DiffusionOutcome out = croppedOutcome(
      r.net->restore(
          *b.net, rgb, aux, options.restore.sampling, progress, cancel, options.keepTrajectories,
          previewFrames("restored", previews, croppedRange, DepthKind::RelativeInverseDepth)),
      border);
  StageOutput stage =
      makeStage("restored", r.card, out, RangeMap(out.combined), DepthKind::RelativeInverseDepth,
                input, options.restore.sampling, frame);
  stage.stats.push_back({"aux_view", useAux ? 1.0 : 0.0});
  stage.conditionedOn = idOf(b.card);
  stage.milliseconds = watch.elapsedMs();
  return stage;
}

StageOutput DiffusionStages::refine(const PipelineInput& input, const StageOutput& conditioning,
                                    const PipelineOptions& options, ProgressSink& progress,
                                    const CancelToken& cancel, std::vector<std::string>& warnings,
                                    const PreviewSink& previews) {
  const torch::Device device = deviceFor(options);
  progress.report({0.0, "refined", 0, 0, "loading " + options.refine.model});
  auto& f = ensure(loaded_->refiner, registry_, options.refine.model, device, loadDepthRefiner);
  warnIfUntrained(f.card, "refiner", warnings);

  Stopwatch watch;
  const auto& unet = f.net->config().unet;
  const Frame frame =
      workingFrame(input, options, f.card, int(std::max<int64_t>(unet.sizeMultiple(), 8)));
  const DepthKind kind = conditioning.depth.kind();
  const bool inverse = isInverse(kind);
  const auto cond = depthTensors(conditioning.depth, frame.width, frame.height);
  const auto norm = [&] {
    try {
      return DepthNormalizer::normalize(cond.first, cond.second, inverse);
    } catch (const Error& e) {
      throw Error("refine: the '" + conditioning.name + "' depth cannot be refined: " + e.what());
    }
  }();
  const DepthNormalization& stats = norm.second;
  const torch::Tensor rgb = networkImage(input.image, frame.width, frame.height).to(device);
  // Back to the conditioning's space: its inverse-depth-like values, then depth for depth kinds.
  const std::function<torch::Tensor(const torch::Tensor&)> toKind = [&](const torch::Tensor& x) {
    const torch::Tensor v = DepthNormalizer::denormalize(x, stats);
    return inverse ? v : torch::where(v > 0, 1.0 / v.clamp_min(1e-12), torch::full_like(v, NAN));
  };
  const DiffusionOutcome out =
      f.net->refine(rgb, norm.first.to(device), options.refine.sampling, progress, cancel,
                    options.keepTrajectories, previewFrames("refined", previews, toKind, kind));
  StageOutput stage =
      makeStage("refined", f.card, out, toKind, kind, input, options.refine.sampling, frame);
  stage.conditionedOn = conditioning.name;
  stage.milliseconds = watch.elapsedMs();
  return stage;
}

StageOutput DiffusionStages::generate(const PipelineInput& input, const PipelineOptions& options,
                                      ProgressSink& progress, const CancelToken& cancel,
                                      std::vector<std::string>& warnings,
                                      const PreviewSink& previews) {
  const torch::Device device = deviceFor(options);
  progress.report({0.0, "depthgen", 0, 0, "loading " + options.depthgen.model});
  auto& g =
      ensure(loaded_->generator, registry_, options.depthgen.model, device, loadDepthGenerator);
  warnIfUntrained(g.card, "DepthGen model", warnings);

  Stopwatch watch;
  const auto& unet = g.net->config().unet;
  const Frame frame =
      workingFrame(input, options, g.card, int(std::max<int64_t>(unet.sizeMultiple(), 8)));
  const torch::Tensor rgb = networkImage(input.image, frame.width, frame.height).to(device);
  const DiffusionOutcome out = g.net->generate(
      rgb, options.depthgen.sampling, progress, cancel, options.keepTrajectories,
      previewFrames("depthgen", previews, ownRange, DepthKind::RelativeInverseDepth));
  StageOutput stage =
      makeStage("depthgen", g.card, out, RangeMap(out.combined), DepthKind::RelativeInverseDepth,
                input, options.depthgen.sampling, frame);
  stage.milliseconds = watch.elapsedMs();
  return stage;
}

}  // namespace ds
