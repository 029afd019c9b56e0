#pragma once
// The subcommands of depthstudio-cli. Each parses its own arguments (ArgParser) and returns the
// process exit code; failures throw ds::Error (exit 1), cli::UsageError (exit 2) or ds::Cancelled
// (exit 130), which main() turns into a message.
#include <string>
#include <vector>

#include "app/cli/CliContext.h"

namespace ds::cli {

using Args = std::vector<std::string>;

int runEstimate(const Args& args, CliContext& context);
int runEval(const Args& args, CliContext& context);
int runExport(const Args& args, CliContext& context);
int runModels(const Args& args, CliContext& context);

}  // namespace ds::cli
