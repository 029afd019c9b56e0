#include "app/cli/ArgParser.h"

#include <cmath>
#include <iostream>
#include <sstream>

namespace ds::cli {

ArgParser::ArgParser(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {
  flag("help", "show this help and exit");
}

void ArgParser::option(const std::string& name, const std::string& valueName,
                       const std::string& help, std::optional<std::string> defaultValue) {
  specs_[name] = Spec{valueName, help, std::move(defaultValue), false, false};
  order_.push_back(name);
}

void ArgParser::repeated(const std::string& name, const std::string& valueName,
                         const std::string& help) {
  specs_[name] = Spec{valueName, help, std::nullopt, false, true};
  order_.push_back(name);
}

void ArgParser::flag(const std::string& name, const std::string& help) {
  specs_[name] = Spec{"", help, std::nullopt, true, false};
  order_.push_back(name);
}

void ArgParser::positional(const std::string& name, const std::string& help, bool required) {
  positionals_.push_back({name, help, required});
}

bool ArgParser::parse(const std::vector<std::string>& args) {
  size_t nextPositional = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2), value;
      bool inlineValue = false;
      if (const auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inlineValue = true;
      }
      const auto it = specs_.find(name);
      if (it == specs_.end())
        throw UsageError("unknown option --" + name + " (see '" + command_ + " --help')");
      if (it->second.isFlag) {
        if (inlineValue) throw UsageError("--" + name + " takes no value");
        values_[name].push_back("1");
        continue;
      }
      if (!inlineValue) {
        if (i + 1 >= args.size())
          throw UsageError("--" + name + " needs a value (" + it->second.valueName + ")");
        value = args[++i];
      }
      if (!it->second.isRepeated && values_.count(name))
        throw UsageError("--" + name + " given more than once");
      values_[name].push_back(value);
    } else {
      if (nextPositional >= positionals_.size())
        throw UsageError("unexpected argument '" + a + "' (see '" + command_ + " --help')");
      positionalValues_[positionals_[nextPositional++].name] = a;
    }
  }
  if (has("help")) {
    std::cout << help();
    return false;
  }
  for (const auto& p : positionals_)
    if (p.required && !positionalValues_.count(p.name))
      throw UsageError("missing " + p.name + " (see '" + command_ + " --help')");
  return true;
}

std::string ArgParser::help() const {
  std::ostringstream out;
  out << "usage: " << command_ << " [options]";
  for (const auto& p : positionals_)
    out << (p.required ? " " : " [") << p.name << (p.required ? "" : "]");
  out << "\n\n" << summary_ << "\n";
  if (!positionals_.empty()) {
    out << "\narguments:\n";
    for (const auto& p : positionals_)
      out << "  " << p.name << "\n      " << p.help << "\n";
  }
  out << "\noptions:\n";
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    out << "  --" << name << (s.isFlag ? "" : " " + s.valueName) << "\n      " << s.help;
    if (s.defaultValue && !s.defaultValue->empty()) out << " (default: " << *s.defaultValue << ")";
    if (s.isRepeated) out << " (may be repeated)";
    out << "\n";
  }
  return out.str();
}

bool ArgParser::has(const std::string& name) const {
  return values_.count(name) > 0;
}

std::string ArgParser::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it != values_.end()) return it->second.back();
  const auto spec = specs_.find(name);
  if (spec != specs_.end() && spec->second.defaultValue) return *spec->second.defaultValue;
  return "";
}

std::vector<std::string> ArgParser::getAll(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

double ArgParser::getDouble(const std::string& name) const {
  const std::string v = get(name);
  try {
    size_t used = 0;
    const double d = std::stod(v, &used);
    if (used != v.size() || !std::isfinite(d)) throw std::invalid_argument(v);
    return d;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a number, not '" + v + "'");
  }
}

int ArgParser::getInt(const std::string& name) const {
  const std::string v = get(name);
  try {
    size_t used = 0;
    const long i = std::stol(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return int(i);
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a whole number, not '" + v + "'");
  }
}

std::string ArgParser::positionalValue(const std::string& name) const {
  const auto it = positionalValues_.find(name);
  return it == positionalValues_.end() ? "" : it->second;
}

}  // namespace ds::cli
