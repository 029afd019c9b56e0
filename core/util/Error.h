#pragma once
// One exception type for every user-facing failure: the message names the file (or option) and the
// problem, so the CLI and the GUI can show it as it is.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ds {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}

  // "'<path>': <problem>" — the form every file error takes.
  static Error file(const std::filesystem::path& path, const std::string& problem) {
    return Error("'" + path.string() + "': " + problem);
  }
};

}  // namespace ds
