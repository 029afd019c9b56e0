#pragma once
// Where tests find real data. ../shared/data exists on CI and developer machines; a user's fresh
// clone may not have it, so tests that need it skip with a message saying what is missing.
#include <QtTest/QtTest>
#include <filesystem>
#include <string>

namespace ds::test {

inline std::filesystem::path sharedData() {
  return std::filesystem::path(DS_SHARED_DATA_DIR);
}

// Debian's opencv-doc ships the Middlebury Aloe pair; it is the fallback when ../shared is absent.
inline std::filesystem::path aloeDir() {
  const auto shared = sharedData() / "stereo" / "aloe";
  if (std::filesystem::exists(shared / "aloeGT.png")) return shared;
  return "/usr/share/doc/opencv-doc/examples/data";
}

}  // namespace ds::test

// Skips the current test function when a data file is missing, naming it.
#define DS_REQUIRE_DATA(dataPath)                                                                 \
  do {                                                                                            \
    const std::filesystem::path dsRequired_(dataPath);                                            \
    if (!std::filesystem::exists(dsRequired_))                                                    \
      QSKIP(qPrintable(                                                                           \
          QString("test data not found: %1").arg(QString::fromStdString(dsRequired_.string())))); \
  } while (0)
