#pragma once
// A NumPy .npy array (format 1.0, 2.0 and 3.0), the way Python depth tools save maps and masks with
// np.save. Read into float32 whatever its numeric dtype; written as float32 or uint8, C order,
// format 1.0. Pure C++ (no OpenCV), so the LibTorch-only build can use it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ds {

class NpyFile {
 public:
  std::vector<size_t> shape;
  std::vector<float> values;  // C order (last index fastest), converted from the stored dtype
  std::string dtype;          // as stored, e.g. "<f4", "|u1", "|b1"

  // Accepts little-endian <f2 <f4 <f8 <u2 <u4 <u8 <i2 <i4 <i8 |u1 |i1 |b1 in C or Fortran order.
  // Throws ds::Error naming the file for big-endian or object/structured dtypes, a bad header, and
  // data that is shorter (truncated) or longer than the shape needs.
  static NpyFile read(const std::filesystem::path& path);

  // (height, width) when the array is one image plane: shape (H, W), (1, H, W) or (H, W, 1).
  std::optional<std::pair<int, int>> imageSize() const;

  // Atomic writes; throw ds::Error when values.size() does not match the shape.
  static void writeFloat32(const std::filesystem::path& path, const std::vector<size_t>& shape,
                           const std::vector<float>& values);
  static void writeUint8(const std::filesystem::path& path, const std::vector<size_t>& shape,
                         const std::vector<uint8_t>& values);
};

}  // namespace ds
