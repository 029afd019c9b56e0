#pragma once
// What tests of error paths need: the message an action fails with, and what a folder holds
// afterwards (a failed write must leave nothing behind).
#include <QString>
#include <filesystem>
#include <string>

#include "core/util/Error.h"

namespace ds::test {

// The ds::Error message `f` throws; empty when it does not throw.
template <typename F>
std::string errorText(F&& f) {
  try {
    f();
  } catch (const ds::Error& e) {
    return e.what();
  }
  return {};
}

template <typename F>
QString errorOf(F&& f) {
  return QString::fromStdString(errorText(std::forward<F>(f)));
}

inline size_t filesIn(const std::filesystem::path& dir) {
  return size_t(std::distance(std::filesystem::directory_iterator(dir),
                              std::filesystem::directory_iterator()));
}

}  // namespace ds::test
