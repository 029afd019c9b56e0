// depthstudio-cli: the headless face of DepthStudio (estimate, eval, export, models, bench). The
// LibTorch-only build (GPU machines) has the commands that need nothing else: bench, train.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "core/nn/CpuMemoryTuning.h"
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
#include "core/models/ApplicationModelFolders.h"
#include "core/models/BuiltinBaseModel.h"
#endif
#include "core/util/CancelToken.h"
#include "core/util/Error.h"

namespace {

ds::cli::CliContext* gContext = nullptr;

extern "C" void onInterrupt(int) {
  // Only flip the flag here; the running job stops at its next step and cleans up.
  if (gContext) gContext->cancel.cancel();
}

const char* kUsage =
    "usage: depthstudio-cli <command> [options]\n"
    "\n"
    "commands:\n"
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
    "  estimate   depth (and geometry) from an image or a rectified stereo pair\n"
    "  eval       score a model or saved predictions on an RGB-D dataset folder\n"
    "  export     convert a saved result to depth files, point clouds, meshes, normal maps\n"
    "  models     list the models the registry can find\n"
#endif
    "  bench      time the built-in networks per stage and per diffusion step\n"
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
    "  synth      render procedural scenes with exact depth into a dataset folder\n"
#endif
    "  train      train a built-in model on the procedural world\n"
#ifdef DEPTHSTUDIO_TORCH_ONLY_CLI
    "(this LibTorch-only build has bench and train; the full build has the rest)\n"
#endif
    "\n"
    "'depthstudio-cli <command> --help' describes a command's options.\n"
    "--version prints the version.\n"
    "\n"
    "exit codes: 0 success, 1 error (bad input, failed write), 2 usage error, 130 cancelled\n";

}  // namespace

int main(int argc, char** argv) {
  ds::keepFreedMemoryInHeap();  // tensor code reallocates megabytes per layer (see the header)
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    std::cout << kUsage;
    return all.empty() ? 2 : 0;
  }
  if (all[0] == "--version") {
    std::cout << "depthstudio-cli " << DEPTHSTUDIO_VERSION << "\n";
    return 0;
  }
  const std::map<std::string, int (*)(const ds::cli::Args&, ds::cli::CliContext&)> commands = {
      {"bench", ds::cli::runBench},       {"train", ds::cli::runTrain},
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
      {"estimate", ds::cli::runEstimate}, {"eval", ds::cli::runEval},
      {"export", ds::cli::runExport},     {"models", ds::cli::runModels},
      {"synth", ds::cli::runSynth},
#endif
  };
  const auto command = commands.find(all[0]);
  if (command == commands.end()) {
    std::cerr << "depthstudio-cli: unknown command '" << all[0] << "'\n\n" << kUsage;
    return 2;
  }
  ds::cli::CliContext context;
#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
  ds::addApplicationModelFolders(context.registry, DEPTHSTUDIO_SOURCE_DIR);
  ds::registerTorchBackends(context.registry);
#endif
  gContext = &context;
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  try {
    return command->second(ds::cli::Args(all.begin() + 1, all.end()), context);
  } catch (const ds::cli::UsageError& e) {
    std::cerr << "depthstudio-cli " << all[0] << ": " << e.what() << "\n";
    return 2;
  } catch (const ds::Cancelled&) {
    std::cerr << "\ndepthstudio-cli " << all[0] << ": cancelled; no partial output was left\n";
    return 130;
  } catch (const ds::Error& e) {
    std::cerr << "depthstudio-cli " << all[0] << ": error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "depthstudio-cli " << all[0] << ": unexpected error: " << e.what() << "\n";
    return 1;
  }
}
