#pragma once
// The subcommands of depthstudio-cli. Each parses its own arguments (ArgParser) and returns the
// process exit code; failures throw ds::Error (exit 1), cli::UsageError (exit 2) or ds::Cancelled
// (exit 130), which main() turns into a message.
#include <string>
#include <vector>

#include "app/cli/CliContext.h"

namespace ds::cli {

using Args = std::vector<std::string>;

// In every build, also the LibTorch-only one (GPU machines).
int runBench(const Args& args, CliContext& context);
int runTrain(const Args& args, CliContext& context);

#ifndef DEPTHSTUDIO_TORCH_ONLY_CLI
int runEstimate(const Args& args, CliContext& context);
int runEval(const Args& args, CliContext& context);
int runExport(const Args& args, CliContext& context);
int runModels(const Args& args, CliContext& context);
int runSynth(const Args& args, CliContext& context);
#endif

}  // namespace ds::cli
