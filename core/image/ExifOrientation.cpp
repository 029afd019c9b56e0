#include "core/image/ExifOrientation.h"

#include <cstdint>
#include <cstring>

namespace ds {

namespace {

constexpr uint16_t kOrientationTag = 0x0112;

uint16_t read16(const unsigned char* p, bool bigEndian) {
  return bigEndian ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]);
}

uint32_t read32(const unsigned char* p, bool bigEndian) {
  return bigEndian ? uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]
                   : uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
}

int orientationInJpeg(const unsigned char* data, size_t size) {
  size_t pos = 2;  // after SOI
  while (pos + 4 <= size) {
    if (data[pos] != 0xFF) return 1;  // not at a marker: malformed, give up quietly
    const unsigned char marker = data[pos + 1];
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return 1;  // image data starts: EXIF comes before it
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // markers without a length
      pos += 2;
      continue;
    }
    const size_t length = read16(data + pos + 2, true);  // includes its own two bytes
    if (length < 2 || pos + 2 + length > size) return 1;
    const unsigned char* segment = data + pos + 4;
    const size_t segmentSize = length - 2;
    if (marker == 0xE1 && segmentSize > 6 && std::memcmp(segment, "Exif\0\0", 6) == 0)
      return exifOrientationFromTiff(segment + 6, segmentSize - 6);
    pos += 2 + length;  // other APPn (XMP, ICC, JFIF) and tables
  }
  return 1;
}

int orientationInPng(const unsigned char* data, size_t size) {
  size_t pos = 8;  // after the signature
  while (pos + 12 <= size) {
    const size_t length = read32(data + pos, true);
    const unsigned char* type = data + pos + 4;
    if (length > size - pos - 12) return 1;
    const unsigned char* chunk = data + pos + 8;
    if (std::memcmp(type, "eXIf", 4) == 0) {
      // Some writers keep the JPEG-style "Exif\0\0" prefix; skip it.
      if (length > 6 && std::memcmp(chunk, "Exif\0\0", 6) == 0)
        return exifOrientationFromTiff(chunk + 6, length - 6);
      return exifOrientationFromTiff(chunk, length);
    }
    if (std::memcmp(type, "IEND", 4) == 0) return 1;
    pos += 12 + length;
  }
  return 1;
}

}  // namespace

int exifOrientationFromTiff(const unsigned char* data, size_t size) {
  if (size < 8) return 1;
  bool bigEndian = false;
  if (data[0] == 'M' && data[1] == 'M')
    bigEndian = true;
  else if (!(data[0] == 'I' && data[1] == 'I'))
    return 1;
  if (read16(data + 2, bigEndian) != 42) return 1;
  const size_t ifd = read32(data + 4, bigEndian);
  if (ifd > size - 2) return 1;
  const size_t count = read16(data + ifd, bigEndian);
  for (size_t i = 0; i < count; ++i) {
    const size_t entry = ifd + 2 + i * 12;
    if (entry + 12 > size) return 1;
    if (read16(data + entry, bigEndian) != kOrientationTag) continue;
    const uint16_t type = read16(data + entry + 2, bigEndian);
    if (type != 3) return 1;  // SHORT, stored in the first two bytes of the value field
    const int value = read16(data + entry + 8, bigEndian);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

int readExifOrientation(const std::string& fileBytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(fileBytes.data());
  const size_t size = fileBytes.size();
  if (size >= 4 && data[0] == 0xFF && data[1] == 0xD8) return orientationInJpeg(data, size);
  if (size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return orientationInPng(data, size);
  return 1;
}

}  // namespace ds
