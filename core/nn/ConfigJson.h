#pragma once
// Reading network configs from model-card JSON (used by the networks' .cpp files only): missing
// fields keep their defaults, unknown fields and wrong types are refused with a ds::Error naming
// the field, so a typo in a card never silently builds a different network.
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "core/util/Error.h"

namespace ds::configjson {

inline void requireKnownKeys(const nlohmann::json& j, std::initializer_list<const char*> keys,
                             const std::string& who) {
  if (!j.is_object()) throw Error(who + ": config JSON must be an object, got " + j.dump());
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* k : keys)
      known = known || it.key() == k;
    if (!known) throw Error(who + ": unknown config field '" + it.key() + "'");
  }
}

// Integer fields must hold integers: nlohmann would silently truncate 1.5 to 1.
template <typename T>
bool hasType(const nlohmann::json& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v.is_boolean();
  } else if constexpr (std::is_integral_v<T>) {
    return v.is_number_integer();
  } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
    if (!v.is_array()) return false;
    for (const auto& e : v)
      if (!e.is_number_integer()) return false;
    return true;
  } else if constexpr (std::is_floating_point_v<T>) {
    return v.is_number();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v.is_string();
  } else {
    return true;  // left to nlohmann's own type checks
  }
}

template <typename T>
void read(const nlohmann::json& j, const char* key, T& value, const std::string& who) {
  const auto it = j.find(key);
  if (it == j.end()) return;
  const std::string wrong = who + ": config field '" + key + "' has the wrong type: " + it->dump();
  if (!hasType<T>(*it)) throw Error(wrong);
  try {
    it->get_to(value);
  } catch (const nlohmann::json::exception&) {
    throw Error(wrong);
  }
}

}  // namespace ds::configjson
