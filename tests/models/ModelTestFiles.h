#pragma once
// Paths of the shared real model and helpers that build sidecar variants in a temporary folder
// (a copied, edited JSON plus a symlink to the real .onnx), so every test reads the real file
// and nothing is copied into the repository.
#include <QtTest/QtTest>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "common/TestPaths.h"
#include "core/util/AtomicWrite.h"

namespace ds::test {

inline std::filesystem::path pydnetOnnx() {
  return sharedData() / "models" / "pydnetpp" / "pydnetpp_fp32_opencv.onnx";
}
inline std::filesystem::path pydnetSidecar() {
  return sharedData() / "models" / "pydnetpp" / "pydnetpp_fp32_opencv.json";
}

// Writes `dir/stem.json` = the shipped sidecar after `edit`, and links `dir/stem.onnx` to the
// real model when `linkModel`. Returns the .onnx path.
inline std::filesystem::path writeVariant(const std::filesystem::path& dir, const std::string& stem,
                                          const std::function<void(nlohmann::json&)>& edit = {},
                                          bool linkModel = true) {
  nlohmann::json j = nlohmann::json::parse(readFile(pydnetSidecar()));
  if (edit) edit(j);
  writeFileAtomically(dir / (stem + ".json"), j.dump(2));
  const auto onnx = dir / (stem + ".onnx");
  if (linkModel) std::filesystem::create_symlink(pydnetOnnx(), onnx);
  return onnx;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace ds::test

// Runs `expr`, expects a ds::Error whose message contains every string in the list.
#define DS_EXPECT_ERROR(expr, ...)                                                   \
  do {                                                                               \
    std::string message_;                                                            \
    try {                                                                            \
      (void)(expr);                                                                  \
    } catch (const ds::Error& e) {                                                   \
      message_ = e.what();                                                           \
    }                                                                                \
    if (message_.empty()) QFAIL("expected a ds::Error from " #expr);                 \
    for (const std::string& part_ : std::initializer_list<std::string>{__VA_ARGS__}) \
      if (!ds::test::contains(message_, part_))                                      \
        QFAIL(qPrintable(QString("error message lacks '%1': %2")                     \
                             .arg(QString::fromStdString(part_))                     \
                             .arg(QString::fromStdString(message_))));               \
  } while (0)

// DS_REQUIRE_DATA(x) substitutes x into its own "std::filesystem::path(...)" as well, so it only
// compiles with a variable literally named `path`; this wrapper gives it one.
#define DS_REQUIRE_FILE(expr)                  \
  do {                                         \
    const std::filesystem::path path = (expr); \
    DS_REQUIRE_DATA(path);                     \
  } while (0)
