#include "core/image/PfmFile.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

bool isSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The next whitespace-separated header word; pos ends just after it.
std::string nextWord(const std::string& file, size_t& pos) {
  while (pos < file.size() && isSpace(file[pos]))
    ++pos;
  const size_t start = pos;
  while (pos < file.size() && !isSpace(file[pos]) && pos - start < 64)
    ++pos;
  return file.substr(start, pos - start);
}

int parseSize(const fs::path& path, const std::string& word) {
  char* end = nullptr;
  const long v = std::strtol(word.c_str(), &end, 10);
  if (word.empty() || *end != '\0' || v <= 0 || v > std::numeric_limits<int>::max())
    throw Error::file(path,
                      "not a valid PFM header (size '" + word + "' is not a positive integer)");
  return int(v);
}

void checkSizes(const fs::path& path, const PfmFile& pfm) {
  if ((pfm.channels != 1 && pfm.channels != 3) || pfm.width <= 0 || pfm.height <= 0 ||
      pfm.values.size() != size_t(pfm.width) * size_t(pfm.height) * size_t(pfm.channels))
    throw Error::file(path, "cannot write PFM: " + std::to_string(pfm.values.size()) +
                                " values do not make a " + std::to_string(pfm.width) + "x" +
                                std::to_string(pfm.height) + " image with " +
                                std::to_string(pfm.channels) + " channel(s) (1 or 3)");
}

}  // namespace

PfmFile PfmFile::read(const fs::path& path) {
  const std::string file = readFile(path);
  if (file.empty()) throw Error::file(path, "file is empty (0 bytes)");
  size_t pos = 0;
  const std::string type = nextWord(file, pos);
  if (type != "Pf" && type != "PF") throw Error::file(path, "not a PFM file (no 'Pf'/'PF' header)");
  PfmFile pfm;
  pfm.channels = type == "PF" ? 3 : 1;
  pfm.width = parseSize(path, nextWord(file, pos));
  pfm.height = parseSize(path, nextWord(file, pos));
  const std::string scaleWord = nextWord(file, pos);
  char* end = nullptr;
  const double scale = std::strtod(scaleWord.c_str(), &end);
  if (scaleWord.empty() || *end != '\0' || scale == 0.0 || !std::isfinite(scale))
    throw Error::file(path, "not a valid PFM header (scale '" + scaleWord +
                                "' must be a non-zero number; its sign gives the byte order)");
  // Exactly one whitespace byte ends the header (tolerate a Windows "\r\n").
  if (pos >= file.size()) throw Error::file(path, "truncated PFM file (no pixel data)");
  if (file[pos] == '\r' && pos + 1 < file.size() && file[pos + 1] == '\n') ++pos;
  ++pos;
  const bool littleEndian = scale < 0;

  const size_t count = size_t(pfm.width) * size_t(pfm.height) * size_t(pfm.channels);
  const size_t available = file.size() - pos;
  if (count > std::numeric_limits<size_t>::max() / 4 || available < count * 4)
    throw Error::file(path, "truncated PFM file: " + std::to_string(pfm.width) + "x" +
                                std::to_string(pfm.height) + "x" + std::to_string(pfm.channels) +
                                " floats need " + std::to_string(count * 4) + " bytes, found " +
                                std::to_string(available));
  if (available > count * 4)
    throw Error::file(path, "wrong PFM data size: " + std::to_string(count * 4) +
                                " bytes expected, found " + std::to_string(available));

  pfm.values.resize(count);
  const auto* data = reinterpret_cast<const unsigned char*>(file.data() + pos);
  const size_t rowFloats = size_t(pfm.width) * size_t(pfm.channels);
  for (size_t fileRow = 0; fileRow < size_t(pfm.height); ++fileRow) {
    const size_t row = size_t(pfm.height) - 1 - fileRow;  // the file's first row is the bottom
    for (size_t i = 0; i < rowFloats; ++i) {
      const unsigned char* p = data + (fileRow * rowFloats + i) * 4;
      const uint32_t bits =
          littleEndian ? uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]
                       : uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
      std::memcpy(&pfm.values[row * rowFloats + i], &bits, 4);
    }
  }
  return pfm;
}

void PfmFile::write(const fs::path& path) const {
  checkSizes(path, *this);
  std::string bytes = std::string(channels == 3 ? "PF" : "Pf") + "\n" + std::to_string(width) +
                      " " + std::to_string(height) + "\n-1.0\n";
  const size_t header = bytes.size();
  const size_t rowFloats = size_t(width) * size_t(channels);
  bytes.resize(header + values.size() * 4);
  for (size_t row = 0; row < size_t(height); ++row) {
    const size_t fileRow = size_t(height) - 1 - row;
    for (size_t i = 0; i < rowFloats; ++i) {
      uint32_t bits;
      std::memcpy(&bits, &values[row * rowFloats + i], 4);
      char* p = &bytes[header + (fileRow * rowFloats + i) * 4];
      for (int b = 0; b < 4; ++b)
        p[b] = char((bits >> (8 * b)) & 0xFF);
    }
  }
  writeFileAtomically(path, bytes);
}

}  // namespace ds
