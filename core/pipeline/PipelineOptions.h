#pragma once
// Everything that decides what the pipeline computes; the CLI, the GUI and saved settings bind to
// these fields. Defaults are what a user gets without options.
#include <string>

#include "core/models/ModelOptions.h"
#include "core/pipeline/DiffusionStageSettings.h"
#include "core/stereo/MetricAlignment.h"
#include "core/stereo/SgbmOptions.h"

namespace ds {

struct PipelineOptions {
  // The built-in models' registry names (resources/models/<name>.json).
  static constexpr const char* kBuiltinBase = "builtin-base";
  static constexpr const char* kBuiltinRestorer = "builtin-restorer";
  static constexpr const char* kBuiltinRefiner = "builtin-refiner";
  static constexpr const char* kBuiltinDepthGen = "builtin-depthgen";

  // Base model: a name the registry knows or a path to a model file or sidecar. Empty: a stereo
  // pair alone gives stereo depth; a single image uses the built-in base when it is installed.
  std::string model;
  ModelOptions modelOptions;  // threads, working size and device of every network
  // With a stereo pair: run the stereo matcher. Its depth is the base stage when no model is
  // given, and the metric reference the model's output is aligned to when one is.
  bool stereo = true;
  SgbmOptions sgbm;
  MetricAlignmentOptions metricAlignment;

  // InvT-IndDiffusion restoration of the built-in base's features (stage "restored"); with a
  // stereo pair and auxView, AV-LFE uses the right view.
  DiffusionStageSettings restore{false, kBuiltinRestorer, {}};
  bool auxView = true;
  // BetterDepth refinement of the best dense depth so far (stage "refined"): restored, else the
  // base aligned to metres, else the base (any model, or stereo). One step by default: with the
  // zero-terminal-SNR schedule and trailing spacing it is the refiner's direct estimate of the
  // depth (the posterior mean), which scored best on the synthetic validation split (README,
  // "Built-in models"); more steps sample and add variance.
  static constexpr int kRefineSteps = 1;
  DiffusionStageSettings refine{false, kBuiltinRefiner, {kRefineSteps}};
  // DepthGen: depth sampled from noise given the image alone (stage "depthgen").
  DiffusionStageSettings depthgen{false, kBuiltinDepthGen, {}};
  // Keep every diffusion step's x0 estimate (the GUI's step slider; DIR/<stage>_steps/).
  bool keepTrajectories = true;
  // Working resolution of the networks (longer side, px); 0 = each model card's own. The default
  // is 0 because a network scores best at the resolution it was trained at (the built-in ones:
  // 192x144; README, "Built-in models").
  int workingSize = 0;

  bool anyDiffusion() const { return restore.enabled || refine.enabled || depthgen.enabled; }
  // Throws ds::Error naming the first bad option.
  void check() const;
};

}  // namespace ds
