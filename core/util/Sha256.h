#pragma once
// SHA-256 for model and result provenance (model cards, result.json record the hashes).
#include <cstdint>
#include <filesystem>
#include <string>

namespace ds {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  std::string hexDigest();  // finalises; call once

  static std::string ofBytes(const std::string& bytes);
  // Streams the file; throws ds::Error naming it when it cannot be read.
  static std::string ofFile(const std::filesystem::path& path);

 private:
  void compress(const uint8_t* block);
  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t bufferSize_ = 0;
  uint64_t totalBytes_ = 0;
};

}  // namespace ds
