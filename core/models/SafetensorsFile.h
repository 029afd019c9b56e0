#pragma once
// Hugging Face's safetensors format, the weights file of built-in models: 8 bytes little-endian
// header length N, N bytes of JSON {"name": {"dtype", "shape", "data_offsets": [begin, end]},
// "__metadata__": {string: string}} padded with spaces to a multiple of 8, then the raw
// little-endian, row-major tensor data (offsets relative to the end of the header). Files written
// here are byte-for-byte what the reference implementation (Python's safetensors.torch.save_file)
// writes for the same tensors, so either side opens the other's files.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ds {

class SafetensorsFile {
 public:
  // The element types read and written. Declared in the reference implementation's order
  // (increasing alignment): the writer sorts by it, so the order is part of the file layout.
  enum class Dtype { BOOL, U8, I8, I16, F16, BF16, I32, F32, F64, I64 };

  struct TensorInfo {
    Dtype dtype = Dtype::F32;
    std::vector<int64_t> shape;   // [] is a scalar; a 0 anywhere makes an empty tensor
    uint64_t begin = 0, end = 0;  // byte range in the data region (after the header)
  };

  // Reads and validates the header against the file: everything that can be wrong with the
  // layout is found here, not when a tensor is read. Throws ds::Error naming the file and, where
  // one is to blame, the tensor.
  static SafetensorsFile open(const std::filesystem::path& path);

  // Writes `tensors` (any device, any layout: contiguous CPU copies are written) with
  // `metadata` as "__metadata__" (left out when empty), atomically. Names must be unique and not
  // "__metadata__"; the dtype must be one of Dtype. Tensors are laid out by descending dtype
  // alignment, then by name, as the reference writer does, so the same input gives the same bytes.
  static void write(const std::filesystem::path& path,
                    const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                    const std::map<std::string, std::string>& metadata = {});

  const std::filesystem::path& path() const { return path_; }
  // Tensor names in the order of their data in the file.
  std::vector<std::string> names() const;
  bool contains(const std::string& name) const { return tensors_.count(name) != 0; }
  // Throws ds::Error naming the file and the tensor when there is no such tensor.
  const TensorInfo& info(const std::string& name) const;
  // A CPU copy of one tensor in its stored dtype (F16/BF16 stay half precision; converting is
  // the caller's choice). Throws ds::Error if the file changed since open() and the read fails.
  at::Tensor tensor(const std::string& name) const;
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  static const char* toString(Dtype dtype);
  static size_t elementSize(Dtype dtype);
  static c10::ScalarType scalarType(Dtype dtype);
  // The file dtype of a torch type; nullopt for types the format here does not hold.
  static std::optional<Dtype> fromScalarType(c10::ScalarType type);

 private:
  std::filesystem::path path_;
  uint64_t dataStart_ = 0;  // file offset of the data region: 8 + header length
  std::map<std::string, TensorInfo> tensors_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace ds
