#pragma once
// A Portable Float Map (.pfm): float32 grey ("Pf") or RGB ("PF"), the format of Middlebury's ground
// truth disparities. The file stores rows bottom to top and its byte order in the sign of the scale
// (negative = little endian); here rows run top to bottom like every other image in core.
// Pure C++ (no OpenCV), so the LibTorch-only build can use it.
#include <filesystem>
#include <vector>

namespace ds {

class PfmFile {
 public:
  int width = 0, height = 0;
  int channels = 1;           // 1 ("Pf") or 3 ("PF")
  std::vector<float> values;  // interleaved, rows top to bottom

  // Reads either byte order. Throws ds::Error naming the file for a bad header, a zero scale, and
  // data shorter (truncated) or longer than width x height x channels floats.
  static PfmFile read(const std::filesystem::path& path);

  // Little-endian (scale -1), atomic. Throws ds::Error when the sizes do not match.
  void write(const std::filesystem::path& path) const;
};

}  // namespace ds
