#include "core/image/ImageIo.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/image/ExifOrientation.h"
#include "core/image/OpenCvBridge.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

const unsigned char* bytesOf(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

uint32_t readBig32(const unsigned char* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

bool isPng(const std::string& b) {
  return b.size() >= 8 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0;
}

bool isJpeg(const std::string& b) {
  return b.size() >= 3 && bytesOf(b)[0] == 0xFF && bytesOf(b)[1] == 0xD8 && bytesOf(b)[2] == 0xFF;
}

bool isExr(const std::string& b) {
  return b.size() >= 4 && std::memcmp(b.data(), "\x76\x2f\x31\x01", 4) == 0;
}

// libpng stops at the end of the data without complaint in OpenCV, so a PNG cut short must be
// recognised by its chunk chain: it ends with IEND. The header also gives the size.
void checkPngStructure(const fs::path& path, const std::string& bytes) {
  const unsigned char* data = bytesOf(bytes);
  size_t pos = 8;
  bool first = true;
  while (pos + 12 <= bytes.size()) {
    const size_t length = readBig32(data + pos);
    const char* type = bytes.data() + pos + 4;
    if (length > bytes.size() - pos - 12) break;  // chunk runs past the end
    if (first && std::memcmp(type, "IHDR", 4) == 0 && length >= 8) {
      const uint32_t width = readBig32(data + pos + 8), height = readBig32(data + pos + 12);
      if (width == 0 || height == 0)
        throw Error::file(path, "image has zero size (" + std::to_string(width) + "x" +
                                    std::to_string(height) + " in its PNG header)");
    }
    first = false;
    if (std::memcmp(type, "IEND", 4) == 0) return;
    pos += 12 + length;
  }
  throw Error::file(path, "truncated PNG: the file ends before its IEND chunk (cut short?)");
}

// libjpeg fills a JPEG cut short with grey and only warns. A complete JPEG reaches its EOI marker;
// walk the segments and the entropy-coded data (where 0xFF is stuffed) to find it. Data after EOI
// (camera trailers, motion-photo video) is allowed.
void checkJpegStructure(const fs::path& path, const std::string& bytes) {
  const unsigned char* data = bytesOf(bytes);
  const size_t size = bytes.size();
  size_t pos = 2;
  while (pos + 2 <= size) {
    if (data[pos] != 0xFF) {  // inside entropy-coded data: skip to the next 0xFF
      const void* next = std::memchr(data + pos, 0xFF, size - pos);
      if (next == nullptr) break;
      pos = size_t(static_cast<const unsigned char*>(next) - data);
      continue;
    }
    const unsigned char marker = data[pos + 1];
    if (marker == 0xD9) return;  // EOI
    if (marker == 0xFF || marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      pos += marker == 0xFF ? 1 : 2;  // fill byte, stuffed 0xFF, restart markers
      continue;
    }
    if (pos + 4 > size) break;
    const size_t length = size_t(data[pos + 2]) << 8 | data[pos + 3];
    pos += 2 + length;  // segment; after SOS the scan data follows and the loop scans through it
  }
  throw Error::file(path,
                    "truncated JPEG: the file ends before its end-of-image marker (cut short?)");
}

cv::Mat decodeBytes(const fs::path& path, const std::string& bytes) {
  if (bytes.empty()) throw Error::file(path, "file is empty (0 bytes)");
  if (isPng(bytes)) checkPngStructure(path, bytes);
  if (isJpeg(bytes)) checkJpegStructure(path, bytes);
  cv::Mat mat;
  try {
    if (isExr(bytes)) {
      // The EXR codec cannot decode from memory (OpenCV would go through a temporary file).
      enableOpenExr();
      mat = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
    } else {
      const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
      mat = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    }
  } catch (const cv::Exception& e) {
    throw Error::file(path, "cannot decode the image: " + e.msg);
  }
  if (mat.data == nullptr) {
    const bool known = isPng(bytes) || isJpeg(bytes) || isExr(bytes);
    throw Error::file(path, known ? "the image data is corrupt (OpenCV cannot decode it)"
                                  : "not an image this program can read (unknown format or "
                                    "corrupt data)");
  }
  if (mat.rows == 0 || mat.cols == 0) throw Error::file(path, "image has zero size");
  return mat;
}

// Turns the stored pixels upright, as OpenCV's own ApplyExifOrientation does.
cv::Mat applyOrientation(const cv::Mat& in, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2:
      cv::flip(in, out, 1);
      break;
    case 3:
      cv::flip(in, out, -1);
      break;
    case 4:
      cv::flip(in, out, 0);
      break;
    case 5:
      cv::transpose(in, out);
      break;
    case 6:
      cv::rotate(in, out, cv::ROTATE_90_CLOCKWISE);
      break;
    case 7:
      cv::transpose(in, out);
      cv::flip(out, out, -1);
      break;
    case 8:
      cv::rotate(in, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      out = in;
  }
  return out;
}

// Grey + alpha (some TIFFs) becomes BGRA so the Image type's 1/3/4 channels cover it.
cv::Mat greyAlphaToBgra(const cv::Mat& in) {
  cv::Mat planes[2];
  cv::split(in, planes);
  cv::Mat out;
  cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, out);
  return out;
}

std::string lowerExtension(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

void enableOpenExr() {
  static const bool done = [] {
    ::setenv("OPENCV_IO_ENABLE_OPENEXR", "1", 0);
    return true;
  }();
  (void)done;
}

cv::Mat decodeImageFile(const fs::path& path) {
  return decodeBytes(path, readFile(path));
}

Image readImage(const fs::path& path) {
  const std::string bytes = readFile(path);
  cv::Mat mat = decodeBytes(path, bytes);
  if (mat.channels() == 2) mat = greyAlphaToBgra(mat);
  mat = applyOrientation(mat, readExifOrientation(bytes));
  try {
    return imageFromMat(mat);
  } catch (const Error& e) {
    throw Error::file(path, e.what());
  }
}

void writeImage(const fs::path& path, const Image& image) {
  const std::string ext = lowerExtension(path);
  const bool png = ext == ".png", jpeg = ext == ".jpg" || ext == ".jpeg";
  if (!png && !jpeg)
    throw Error::file(
        path, "unknown image extension '" + ext + "' (images are written as .png, .jpg or .jpeg)");
  if (image.empty()) throw Error::file(path, "the image is empty");
  cv::Mat mat = toMatBgrFloat(image);
  if (jpeg && mat.channels() == 4) cv::cvtColor(mat, mat, cv::COLOR_BGRA2BGR);
  const bool sixteen = png && image.sourceBitDepth() >= 16;
  mat.convertTo(mat, sixteen ? CV_16U : CV_8U, sixteen ? 65535.0 : 255.0);
  std::vector<uchar> encoded;
  std::vector<int> params;
  if (jpeg) params = {cv::IMWRITE_JPEG_QUALITY, 95};
  try {
    if (!cv::imencode(ext, mat, encoded, params))
      throw Error::file(path, "OpenCV could not encode the image");
  } catch (const cv::Exception& e) {
    throw Error::file(path, "cannot encode the image: " + e.msg);
  }
  writeFileAtomically(path, std::string(encoded.begin(), encoded.end()));
}

std::vector<std::string> supportedImageExtensions() {
  std::vector<std::string> out;
  // haveImageWriter asks by extension; this build reads every format it writes.
  for (const char* ext : {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"})
    if (cv::haveImageWriter(std::string("x") + ext)) out.push_back(ext);
  return out;
}

}  // namespace ds
