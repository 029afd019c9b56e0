// depthstudio-cli models: what the registry can open, and where it looked.
#include <iostream>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"

namespace ds::cli {

int runModels(const Args& args, CliContext& context) {
  ArgParser parser("depthstudio-cli models",
                   "Lists the models found in the search folders (DEPTHSTUDIO_MODEL_PATH, the "
                   "user's\nmodel folder, the installed and source-tree resources/models).");
  if (!parser.parse(args)) return 0;
  std::vector<std::string> problems;
  const auto models = context.registry.available(&problems);
  std::cout << "search folders:\n";
  for (const auto& folder : context.registry.searchFolders())
    std::cout << "  " << folder.string() << "\n";
  std::cout << "\nmodels:\n";
  if (models.empty()) std::cout << "  (none found)\n";
  for (const auto& m : models)
    std::cout << "  " << m.id << "  [" << m.format << ", " << toString(m.outputKind) << ", "
              << m.inputWidth << "x" << m.inputHeight << "]  " << m.name << "\n      " << m.path
              << "\n";
  for (const auto& p : problems)
    std::cerr << "warning: " << p << "\n";
  return 0;
}

}  // namespace ds::cli
