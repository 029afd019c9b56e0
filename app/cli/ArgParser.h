#pragma once
// A small command-line parser for the subcommands: --name value, --name=value, flags, positionals,
// and generated --help. Usage mistakes throw UsageError (exit code 2); nothing here knows about
// depth.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ds::cli {

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& m) : std::runtime_error(m) {}
};

class ArgParser {
 public:
  ArgParser(std::string command, std::string summary);

  // An option that takes a value; `valueName` appears in the help ("--out DIR").
  void option(const std::string& name, const std::string& valueName, const std::string& help,
              std::optional<std::string> defaultValue = std::nullopt);
  // An option that may be given several times (--depth a.npy --depth b.exr).
  void repeated(const std::string& name, const std::string& valueName, const std::string& help);
  void flag(const std::string& name, const std::string& help);
  void positional(const std::string& name, const std::string& help, bool required = true);

  // Returns false when --help was asked for (the help has been printed to stdout).
  bool parse(const std::vector<std::string>& args);
  std::string help() const;

  bool has(const std::string& name) const;
  std::string get(const std::string& name) const;  // the value or its default; "" when neither
  std::vector<std::string> getAll(const std::string& name) const;
  double getDouble(const std::string& name) const;
  int getInt(const std::string& name) const;
  std::string positionalValue(const std::string& name) const;

 private:
  struct Spec {
    std::string valueName, help;
    std::optional<std::string> defaultValue;
    bool isFlag = false, isRepeated = false;
  };
  struct Positional {
    std::string name, help;
    bool required;
  };
  std::string command_, summary_;
  std::vector<std::string> order_;
  std::map<std::string, Spec> specs_;
  std::vector<Positional> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, std::string> positionalValues_;
};

}  // namespace ds::cli
