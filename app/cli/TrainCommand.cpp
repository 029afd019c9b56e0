// depthstudio-cli train: trains a built-in model on the procedural world and writes its weights
// and model card.
#include <cstdio>
#include <memory>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "core/methods/DeviceChoice.h"
#include "core/train/BaseTask.h"
#include "core/train/DepthGenTask.h"
#include "core/train/RefinerTask.h"
#include "core/train/RestorerTask.h"
#include "core/train/Trainer.h"
#include "core/util/Error.h"

namespace ds::cli {

int runTrain(const Args& args, CliContext& context) {
  ArgParser p(
      "depthstudio-cli train",
      "Trains a built-in model from scratch on the project's procedural scenes and writes\n"
      "OUT.safetensors with its model card OUT.json (command, seed, steps, wall time,\n"
      "hardware, data). The scenes are rendered once into --cache (shards reused by every\n"
      "run; 'synth --cache' fills it in parallel). Checkpoints go to OUT.safetensors.checkpoint/\n"
      "every --checkpoint-every steps and on Ctrl-C; --resume continues from there. The loss\n"
      "log is OUT.csv (--plot FILE.svg draws it). Same code on the CPU and on CUDA.");
  p.option("model", "NAME", "base, restorer, refiner or depthgen");
  p.option("out", "FILE", "weights file (.safetensors)");
  p.option("cache", "DIR", "synthetic training cache");
  p.option("samples", "N", "training scenes (seeds FIRST .. FIRST+N-1)", "2560");
  p.option("first-seed", "S", "first seed of the training split", "1");
  p.option("size", "WxH", "training resolution (rendered)", "192x144");
  p.flag("no-stereo", "render the cache without right views (the restorer needs them)");
  p.flag("no-holes", "render the cache without sensor-like holes in the ground truth");
  p.option("world", "N", "1: the shipped weights' world; 2: adds corridors, offices, dining rooms",
           "1");
  p.option("mix-cache", "DIR", "cache of a second split pooled with the first (e.g. world 2)");
  p.option("mix-world", "N", "world of the second split", "2");
  p.option("mix-first-seed", "S", "first seed of the second split", "1");
  p.option("mix-samples", "N", "scenes of the second split (0 = none)", "0");
  p.option("steps", "N", "optimiser steps", "4000");
  p.option("batch", "N", "batch size", "8");
  p.option("lr", "F", "peak learning rate (AdamW)", "0.001");
  p.option("weight-decay", "F", "AdamW weight decay", "0.0001");
  p.option("warmup", "N", "warm-up steps", "200");
  p.option("seed", "S", "seed of the initialisation and the batches", "0");
  p.option("ema", "DECAY",
           "ship the moving average of the weights with this decay (e.g. 0.999; 0 = the last "
           "step's weights)",
           "0");
  p.option("checkpoint-every", "N", "steps between checkpoints", "250");
  p.flag("resume", "continue from the checkpoint beside --out");
  p.option("base", "CARD", "restorer, refiner: the trained base model's card (.json)");
  p.option("border-padding", "PX",
           "base: pixels of mirrored border its card asks inference to add (a multiple of 8; "
           "chosen on the validation split)",
           "0");
  p.option("context-heads", "N",
           "base: heads of global self-attention after the encoder's coarsest level (0 = none)",
           "0");
  p.flag("residual-draw",
         "restorer: scale each sample's restoration residual by a uniform draw in [0, 1] in "
         "training (inference uses the full residual)");
  p.option("device", "NAME", "auto, cpu, cuda, cuda:N", "auto");
  p.option("threads", "N", "CPU threads (0 = all cores)", "0");
  p.option("log", "FILE", "loss log (CSV; default OUT.csv)");
  p.option("plot", "FILE", "also draw the loss log as an SVG");
  p.option("name", "TEXT", "display name in the model card");
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;

  TrainOptions o;
  o.model = p.get("model");
  o.out = p.get("out");
  o.cache = p.get("cache");
  o.samples = p.getInt("samples");
  o.firstSeed = std::stoull(p.get("first-seed"));
  if (std::sscanf(p.get("size").c_str(), "%dx%d", &o.synth.width, &o.synth.height) != 2)
    throw UsageError("--size must be WIDTHxHEIGHT");
  o.synth.stereo = !p.has("no-stereo");
  o.synth.holes = !p.has("no-holes");
  o.synth.world = p.getInt("world");
  o.mixCache = p.get("mix-cache");
  o.mixWorld = p.getInt("mix-world");
  o.mixFirstSeed = std::stoull(p.get("mix-first-seed"));
  o.mixSamples = p.getInt("mix-samples");
  o.steps = p.getInt("steps");
  o.batch = p.getInt("batch");
  o.learningRate = p.getDouble("lr");
  o.weightDecay = p.getDouble("weight-decay");
  o.warmup = p.getInt("warmup");
  o.seed = std::stoull(p.get("seed"));
  o.ema = p.getDouble("ema");
  o.checkpointEvery = p.getInt("checkpoint-every");
  o.resume = p.has("resume");
  o.base = p.get("base");
  o.borderPadding = p.getInt("border-padding");
  o.residualDraw = p.has("residual-draw");
  o.device = p.get("device");
  o.threads = p.getInt("threads");
  o.log = p.get("log");
  o.plot = p.get("plot");
  o.name = p.get("name");
  o.command = "depthstudio-cli train";
  for (const auto& a : args)
    o.command += " " + a;
  try {
    o.check();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  if (o.threads > 0) at::set_num_threads(o.threads);
  const torch::Device device = resolveDevice(o.device);
  torch::manual_seed(o.seed);  // the initialisation follows the seed
  std::unique_ptr<TrainingTask> task;
  const int contextHeads = p.getInt("context-heads");
  if (contextHeads != 0 && o.model != "base")
    throw UsageError("--context-heads is for --model base only");
  if (o.model == "base") {
    BaseDepthNetConfig config;
    config.encoder.contextHeads = contextHeads;
    try {
      config.check();
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    task = std::make_unique<BaseTask>(config);
  }
  if (o.model == "restorer") task = std::make_unique<RestorerTask>(o.base, device, o.residualDraw);
  if (o.model == "refiner") task = std::make_unique<RefinerTask>(o.base, device);
  if (o.model == "depthgen") task = std::make_unique<DepthGenTask>();

  ConsoleProgress progress(context.quiet || p.has("quiet"));
  const TrainReport r = Trainer().run(o, *task, progress, context.cancel);
  progress.finish();
  std::printf("trained %s: steps %lld..%lld, %.0f s in all, last loss %.4f\n", o.model.c_str(),
              (long long)r.firstStep, (long long)r.steps, r.seconds, r.finalLoss);
  std::printf("wrote %s and %s\n", o.out.string().c_str(), r.card.cardPath.string().c_str());
  return 0;
}

}  // namespace ds::cli
