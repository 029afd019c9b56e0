#include "core/train/TrainOptions.h"

#include <string>

#include "core/methods/BorderPadding.h"
#include "core/nn/DepthEncoder.h"
#include "core/util/Error.h"

namespace ds {

namespace fs = std::filesystem;

void TrainOptions::check() const {
  if (model != "base" && model != "restorer" && model != "refiner" && model != "depthgen")
    throw Error("train: --model must be base, restorer, refiner or depthgen, got '" + model + "'");
  if (out.empty() || out.extension() != ".safetensors")
    throw Error("train: --out must name a .safetensors file, got '" + out.string() + "'");
  if (cache.empty()) throw Error("train: a synthetic cache folder is needed (--cache)");
  synth.check();
  if (samples < 1) throw Error("train: --samples must be positive");
  if (mixSamples < 0) throw Error("train: --mix-samples must not be negative");
  if (mixSamples > 0) {
    if (mixCache.empty())
      throw Error("train: the second split needs its own cache folder (--mix-cache)");
    std::error_code ec;
    if (mixCache == cache || fs::equivalent(mixCache, cache, ec))
      throw Error(
          "train: --mix-cache must differ from --cache (its shards are rendered with "
          "other options)");
    try {
      mixSynth().check();
    } catch (const Error& e) {
      throw Error(std::string("train: the second split: ") + e.what());
    }
  } else if (!mixCache.empty()) {
    throw Error("train: --mix-cache is given but --mix-samples is 0");
  }
  if (steps < 0) throw Error("train: --steps must not be negative");
  if (batch < 1 || batch > 1024) throw Error("train: --batch must be 1..1024");
  if (!(learningRate > 0)) throw Error("train: the learning rate must be positive");
  if (!(weightDecay >= 0)) throw Error("train: weight decay must not be negative");
  if (warmup < 0) throw Error("train: warm-up must not be negative");
  if (!(ema >= 0 && ema < 1)) throw Error("train: --ema must be in [0, 1) (0 = off)");
  if (checkpointEvery < 1) throw Error("train: --checkpoint-every must be positive");
  if ((model == "restorer" || model == "refiner") && base.empty())
    throw Error("train: the " + model + " builds on a base model: give --base CARD.json");
  if (borderPadding != 0 && model != "base")
    throw Error("train: --border-padding belongs to a base model (the " + model +
                " uses its base's)");
  try {
    BorderPadding(borderPadding).checkFits(int(DepthEncoderConfig::kStride));
  } catch (const Error& e) {
    throw Error(std::string("train: --border-padding: ") + e.what());
  }
  if (residualDraw && model != "restorer")
    throw Error("train: --residual-draw is for --model restorer only");
  if (model == "restorer" && !synth.stereo)
    throw Error("train: the restorer trains AV-LFE on stereo pairs: render the cache with stereo");
}

SynthOptions TrainOptions::mixSynth() const {
  SynthOptions s = synth;
  s.world = mixWorld;
  return s;
}

std::vector<SynthCacheOptions> TrainOptions::splits() const {
  SynthCacheOptions first;
  first.folder = cache;
  first.synth = synth;
  first.firstSeed = firstSeed;
  first.count = samples;
  std::vector<SynthCacheOptions> all{first};
  if (mixSamples > 0) {
    SynthCacheOptions second = first;
    second.folder = mixCache;
    second.synth = mixSynth();
    second.firstSeed = mixFirstSeed;
    second.count = mixSamples;
    all.push_back(second);
  }
  return all;
}

std::filesystem::path TrainOptions::logPath() const {
  if (!log.empty()) return log;
  return std::filesystem::path(out).replace_extension(".csv");
}

std::filesystem::path TrainOptions::checkpointFolder() const {
  return out.string() + ".checkpoint";
}

}  // namespace ds
