#pragma once
// Tiny built-in models with seeded random weights, written as weights + model card under the
// registry names the pipeline looks for (builtin-base, builtin-restorer, builtin-refiner,
// builtin-depthgen). Their cards say they are untrained: they exercise shapes, files, options and
// the maths, never depth quality.
#include <filesystem>

#include "core/methods/BuiltinNetworks.h"
#include "methods/MethodTestNets.h"

namespace ds::test {

inline ModelCard untrainedCard(const std::string& name, DepthKind kind) {
  ModelCard c;
  c.name = name + " (untrained test model)";
  c.inputWidth = 64;
  c.inputHeight = 64;
  c.outputKind = kind;
  c.training.command = "tests/common/BuiltinTestModels.h: seeded random initialisation";
  c.notes = "random weights for tests; the output is not depth";
  return c;
}

// Writes the four models into `folder`; the zero-initialised output layers get seeded noise so
// that every stage changes its input.
inline void writeBuiltinTestModels(const std::filesystem::path& folder) {
  torch::manual_seed(42);
  BaseDepthNet base(tinyBaseConfig());
  const ModelCard baseCard =
      saveBuiltin(base, untrainedCard("tiny base", DepthKind::RelativeInverseDepth),
                  folder / "builtin-base.safetensors");
  auto rc = tinyRestorerConfig(base->config());
  rc.baseModel = "builtin-base";
  rc.baseSha256 = baseCard.weights.sha256;
  FeatureRestorer restorer(rc);
  wake(*restorer, {"out_conv", "head", "update"}, 101, 0.05);
  saveBuiltin(restorer, untrainedCard("tiny restorer", DepthKind::RelativeInverseDepth),
              folder / "builtin-restorer.safetensors");
  DepthRefiner refiner(tinyRefinerConfig());
  wake(*refiner, {"out_conv"}, 202, 0.05);
  saveBuiltin(refiner, untrainedCard("tiny refiner", DepthKind::RelativeInverseDepth),
              folder / "builtin-refiner.safetensors");
  DepthGenerator generator(tinyGeneratorConfig());
  wake(*generator, {"out_conv"}, 303, 0.3);
  saveBuiltin(generator, untrainedCard("tiny depthgen", DepthKind::RelativeInverseDepth),
              folder / "builtin-depthgen.safetensors");
}

}  // namespace ds::test
