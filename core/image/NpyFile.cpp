#include "core/image/NpyFile.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

// Little-endian byte assembly keeps the reader right on any host.
uint64_t readLittle(const unsigned char* p, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i)
    v |= uint64_t(p[i]) << (8 * i);
  return v;
}

float halfToFloat(uint16_t h) {
  const int exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
  const float sign = (h & 0x8000) ? -1.0f : 1.0f;
  if (exponent == 0) return sign * std::ldexp(float(mantissa), -24);
  if (exponent == 31)
    return mantissa ? std::numeric_limits<float>::quiet_NaN()
                    : sign * std::numeric_limits<float>::infinity();
  return sign * std::ldexp(float(mantissa | 0x400), exponent - 25);
}

// A converter from one little-endian element to float; null for dtypes we do not read.
using Converter = float (*)(const unsigned char*);

Converter converterFor(char kind, size_t size) {
  switch (kind) {
    case 'f':
      if (size == 2)
        return [](const unsigned char* p) { return halfToFloat(uint16_t(readLittle(p, 2))); };
      if (size == 4)
        return [](const unsigned char* p) {
          const uint32_t bits = uint32_t(readLittle(p, 4));
          float f;
          std::memcpy(&f, &bits, 4);
          return f;
        };
      if (size == 8)
        return [](const unsigned char* p) {
          const uint64_t bits = readLittle(p, 8);
          double d;
          std::memcpy(&d, &bits, 8);
          return float(d);
        };
      return nullptr;
    case 'u':
      if (size == 1) return [](const unsigned char* p) { return float(p[0]); };
      if (size == 2) return [](const unsigned char* p) { return float(readLittle(p, 2)); };
      if (size == 4) return [](const unsigned char* p) { return float(readLittle(p, 4)); };
      if (size == 8) return [](const unsigned char* p) { return float(readLittle(p, 8)); };
      return nullptr;
    case 'i':
      if (size == 1) return [](const unsigned char* p) { return float(int8_t(p[0])); };
      if (size == 2) return [](const unsigned char* p) { return float(int16_t(readLittle(p, 2))); };
      if (size == 4) return [](const unsigned char* p) { return float(int32_t(readLittle(p, 4))); };
      if (size == 8) return [](const unsigned char* p) { return float(int64_t(readLittle(p, 8))); };
      return nullptr;
    case 'b':
      if (size == 1) return [](const unsigned char* p) { return p[0] ? 1.0f : 0.0f; };
      return nullptr;
    default:
      return nullptr;
  }
}

// The text after `'key':` in the header dict (NumPy writes a Python literal).
size_t valueStart(const std::string& header, const std::string& key) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) at = header.find("\"" + key + "\"");
  if (at == std::string::npos) return std::string::npos;
  at = header.find(':', at);
  if (at == std::string::npos) return std::string::npos;
  return header.find_first_not_of(" \t", at + 1);
}

struct Header {
  std::string descr;
  bool fortran = false;
  std::vector<size_t> shape;
};

Header parseHeader(const fs::path& path, const std::string& header) {
  auto bad = [&](const std::string& what) {
    return Error::file(path, "not a valid .npy header (" + what + ")");
  };
  Header h;
  size_t at = valueStart(header, "descr");
  if (at == std::string::npos) throw bad("no 'descr'");
  if (header[at] == '[')
    throw Error::file(path,
                      "structured (record) arrays are not supported; save a plain numeric array");
  const char quote = header[at];
  if (quote != '\'' && quote != '"') throw bad("'descr' is not a string");
  const size_t end = header.find(quote, at + 1);
  if (end == std::string::npos) throw bad("unterminated 'descr'");
  h.descr = header.substr(at + 1, end - at - 1);

  at = valueStart(header, "fortran_order");
  if (at == std::string::npos) throw bad("no 'fortran_order'");
  if (header.compare(at, 4, "True") == 0)
    h.fortran = true;
  else if (header.compare(at, 5, "False") != 0)
    throw bad("'fortran_order' is neither True nor False");

  at = valueStart(header, "shape");
  if (at == std::string::npos || header[at] != '(') throw bad("no 'shape' tuple");
  const size_t close = header.find(')', at);
  if (close == std::string::npos) throw bad("unterminated 'shape'");
  const std::string tuple = header.substr(at + 1, close - at - 1);
  size_t pos = 0;
  while (true) {
    pos = tuple.find_first_not_of(" ,", pos);
    if (pos == std::string::npos) break;
    size_t used = 0;
    unsigned long long dim = 0;
    try {
      dim = std::stoull(tuple.substr(pos), &used);
    } catch (const std::exception&) {
      throw bad("shape '(" + tuple + ")' is not a tuple of sizes");
    }
    if (tuple[pos] == '-') throw bad("negative size in shape");
    h.shape.push_back(size_t(dim));
    pos += used;
    if (pos < tuple.size() && tuple[pos] == 'L') ++pos;  // Python 2 long suffix
  }
  return h;
}

std::string shapeText(const std::vector<size_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "") +
         (i + 1 < shape.size() ? " " : "");
  return s + ")";
}

size_t elementCount(const fs::path& path, const std::vector<size_t>& shape) {
  size_t n = 1;
  for (size_t d : shape) {
    if (d != 0 && n > std::numeric_limits<size_t>::max() / 8 / d)
      throw Error::file(path, "shape " + shapeText(shape) + " is too large");
    n *= d;
  }
  return n;
}

// Fortran order stores the first index fastest; reorder to C order.
std::vector<float> fortranToC(const std::vector<float>& in, const std::vector<size_t>& shape) {
  std::vector<float> out(in.size());
  std::vector<size_t> index(shape.size(), 0), cStride(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;)
    cStride[d - 1] = cStride[d] * shape[d];
  for (size_t f = 0; f < in.size(); ++f) {
    size_t c = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      c += index[d] * cStride[d];
    out[c] = in[f];
    for (size_t d = 0; d < shape.size() && ++index[d] == shape[d]; ++d)
      index[d] = 0;
  }
  return out;
}

void writeNpy(const fs::path& path, const std::vector<size_t>& shape, const char* descr,
              const std::string& data, size_t count) {
  if (elementCount(path, shape) != count)
    throw Error::file(path, "cannot write .npy: " + std::to_string(count) +
                                " values do not fill shape " + shapeText(shape));
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
  // NumPy pads the header with spaces so the data starts on a 64-byte boundary.
  const size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string bytes(kMagic, kMagicSize);
  bytes += '\x01';
  bytes += '\x00';
  bytes += char(header.size() & 0xFF);
  bytes += char(header.size() >> 8);
  writeFileAtomically(path, bytes + header + data);
}

}  // namespace

NpyFile NpyFile::read(const fs::path& path) {
  const std::string file = readFile(path);
  const auto* data = reinterpret_cast<const unsigned char*>(file.data());
  if (file.size() < kMagicSize || file.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    throw Error::file(path, file.empty() ? "file is empty (0 bytes)"
                                         : "not a .npy file (no \\x93NUMPY signature)");
  if (file.size() < 10) throw Error::file(path, "truncated .npy file (header cut short)");
  const int major = data[6];
  if (major < 1 || major > 3)
    throw Error::file(path, "unsupported .npy format version " + std::to_string(major) + "." +
                                std::to_string(data[7]));
  const size_t lengthBytes = major == 1 ? 2 : 4;
  const size_t headerStart = 8 + lengthBytes;
  if (file.size() < headerStart) throw Error::file(path, "truncated .npy file (header cut short)");
  const size_t headerLength = size_t(readLittle(data + 8, lengthBytes));
  if (headerLength > file.size() - headerStart)
    throw Error::file(path, "truncated .npy file (header cut short)");
  const Header h = parseHeader(path, file.substr(headerStart, headerLength));

  const std::string& d = h.descr;
  if (d.size() >= 2 && (d[1] == 'O' || d[1] == 'V' || d[1] == 'U' || d[1] == 'S'))
    throw Error::file(path, "dtype '" + d + "' holds objects or text, not numbers");
  if (d.size() < 3 || std::string("<>|=").find(d[0]) == std::string::npos)
    throw Error::file(path, "unsupported dtype '" + d + "'");
  const size_t itemSize = std::strtoul(d.c_str() + 2, nullptr, 10);
  if (d[0] == '>' && itemSize > 1)
    throw Error::file(path, "big-endian dtype '" + d +
                                "' is not supported; save it little-endian (.astype('<" +
                                d.substr(1) + "'))");
  const Converter convert = converterFor(d[1], itemSize);
  if (convert == nullptr)
    throw Error::file(path, "unsupported dtype '" + d +
                                "' (numeric: <f2 <f4 <f8, <u2 <u4 <u8, <i2 <i4 <i8, |u1 |i1, |b1)");

  const size_t count = elementCount(path, h.shape);
  const size_t needed = count * itemSize;
  const size_t dataStart = headerStart + headerLength;
  const size_t available = file.size() - dataStart;
  if (available < needed)
    throw Error::file(path, "truncated .npy file: shape " + shapeText(h.shape) + " of " + d +
                                " needs " + std::to_string(needed) + " bytes of data, found " +
                                std::to_string(available));
  if (available > needed)
    throw Error::file(path, "wrong data size in .npy file: shape " + shapeText(h.shape) + " of " +
                                d + " needs " + std::to_string(needed) + " bytes, found " +
                                std::to_string(available));

  NpyFile npy;
  npy.shape = h.shape;
  npy.dtype = d;
  npy.values.resize(count);
  for (size_t i = 0; i < count; ++i)
    npy.values[i] = convert(data + dataStart + i * itemSize);
  if (h.fortran && h.shape.size() > 1) npy.values = fortranToC(npy.values, h.shape);
  return npy;
}

std::optional<std::pair<int, int>> NpyFile::imageSize() const {
  std::vector<size_t> s = shape;
  if (s.size() == 3 && s[0] == 1) s.erase(s.begin());
  if (s.size() == 3 && s[2] == 1) s.pop_back();
  if (s.size() != 2 || s[0] == 0 || s[1] == 0) return std::nullopt;
  if (s[0] > size_t(std::numeric_limits<int>::max()) ||
      s[1] > size_t(std::numeric_limits<int>::max()))
    return std::nullopt;
  return std::make_pair(int(s[0]), int(s[1]));
}

void NpyFile::writeFloat32(const fs::path& path, const std::vector<size_t>& shape,
                           const std::vector<float>& values) {
  std::string data(values.size() * 4, '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    for (size_t b = 0; b < 4; ++b)
      data[i * 4 + b] = char((bits >> (8 * b)) & 0xFF);
  }
  writeNpy(path, shape, "<f4", data, values.size());
}

void NpyFile::writeUint8(const fs::path& path, const std::vector<size_t>& shape,
                         const std::vector<uint8_t>& values) {
  writeNpy(path, shape, "|u1", std::string(values.begin(), values.end()), values.size());
}

}  // namespace ds
