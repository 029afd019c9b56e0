#include "core/image/DepthIo.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/image/ImageIo.h"
#include "core/image/NpyFile.h"
#include "core/image/PfmFile.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds {

namespace {

constexpr double kAutoScaleTarget = 65000.0;  // a little headroom under 65535
constexpr double kMetricPngScale = 1000.0;    // millimetres, the common RGB-D convention

std::string lowerExtension(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

Error unknownExtension(const fs::path& path) {
  std::string list;
  for (const auto& e : supportedDepthExtensions())
    list += (list.empty() ? "" : ", ") + e;
  const std::string ext = path.extension().string();
  return Error::file(path, (ext.empty() ? std::string("no file extension")
                                        : "unknown depth file extension '" + ext + "'") +
                               " (supported: " + list + ")");
}

// Interleaved channels -> one plane. Files that repeat the depth in every channel (EXR written as
// RGB, colour PFM) are fine; channels that differ are not a depth map.
std::vector<float> singleChannel(const fs::path& path, const std::vector<float>& values,
                                 size_t pixels, int channels) {
  if (channels == 1) return values;
  std::vector<float> out(pixels);
  for (size_t i = 0; i < pixels; ++i) {
    const float first = values[i * channels];
    for (int c = 1; c < channels; ++c) {
      const float v = values[i * channels + c];
      if (v != first && !(std::isnan(v) && std::isnan(first)))
        throw Error::file(
            path, "has " + std::to_string(channels) + " different channels; a depth map has one");
    }
    out[i] = first;
  }
  return out;
}

std::vector<float> matValues(const cv::Mat& mat) {
  const cv::Mat m = mat.isContinuous() ? mat : mat.clone();
  const auto* p = reinterpret_cast<const float*>(m.data);
  return std::vector<float>(p, p + m.total() * size_t(m.channels()));
}

DepthMap readPng(const fs::path& path, const DepthReadOptions& options) {
  const cv::Mat mat = decodeImageFile(path);
  if (mat.depth() == CV_8U)
    throw Error::file(path,
                      "is an 8-bit PNG; depth PNGs are 16-bit (value = depth x scale, "
                      "0 = no data)");
  if (mat.depth() != CV_16U) throw Error::file(path, "is not a 16-bit PNG");
  if (mat.channels() != 1)
    throw Error::file(path, "has " + std::to_string(mat.channels()) +
                                " channels; a depth PNG has one (16-bit grey)");
  const size_t n = mat.total();
  std::vector<float> values(n);
  std::vector<uint8_t> valid(n);
  const cv::Mat m = mat.isContinuous() ? mat : mat.clone();
  const auto* stored = reinterpret_cast<const uint16_t*>(m.data);
  for (size_t i = 0; i < n; ++i) {
    values[i] = float(double(stored[i]) / options.pngScale);
    valid[i] = stored[i] != 0;
  }
  return DepthMap(mat.cols, mat.rows, options.kind, std::move(values), std::move(valid));
}

DepthMap readExr(const fs::path& path, const DepthReadOptions& options) {
  enableOpenExr();
  cv::Mat mat = decodeImageFile(path);
  if (mat.depth() != CV_32F) mat.convertTo(mat, CV_MAKETYPE(CV_32F, mat.channels()));
  const size_t pixels = mat.total();
  return DepthMap(mat.cols, mat.rows, options.kind,
                  singleChannel(path, matValues(mat), pixels, mat.channels()));
}

DepthMap readPfm(const fs::path& path, const DepthReadOptions& options) {
  const PfmFile pfm = PfmFile::read(path);
  const size_t pixels = size_t(pfm.width) * size_t(pfm.height);
  return DepthMap(pfm.width, pfm.height, options.kind,
                  singleChannel(path, pfm.values, pixels, pfm.channels));
}

DepthMap readNpy(const fs::path& path, const DepthReadOptions& options) {
  NpyFile npy = NpyFile::read(path);
  const auto size = npy.imageSize();
  if (!size) {
    std::string shape;
    for (size_t d : npy.shape)
      shape += (shape.empty() ? "" : ", ") + std::to_string(d);
    throw Error::file(path, "array of shape (" + shape +
                                ") is not a depth map; expected (H, W), (1, H, W) or (H, W, 1)");
  }
  return DepthMap(size->second, size->first, options.kind, std::move(npy.values));
}

// Invalid pixels as NaN, the float formats' "no data".
std::vector<float> valuesWithNaN(const DepthMap& depth) {
  std::vector<float> v = depth.values();
  for (size_t i = 0; i < v.size(); ++i)
    if (!depth.validMask()[i]) v[i] = std::numeric_limits<float>::quiet_NaN();
  return v;
}

double pngScaleFor(const fs::path& path, const DepthMap& depth, double requested) {
  const auto [lo, hi] = depth.validRange();
  if (depth.validCount() > 0 && lo < 0.0f)
    throw Error::file(path, "has negative values (down to " + std::to_string(lo) +
                                "), which a 16-bit PNG cannot store; write .exr, .pfm or .npy");
  if (requested == 0.0 && depth.kind() != DepthKind::MetricDepth)
    return hi > 0.0f ? kAutoScaleTarget / double(hi) : 1.0;
  const double scale = requested > 0.0 ? requested : kMetricPngScale;
  if (std::round(double(hi) * scale) > 65535.0)
    throw Error::file(path, "largest value " + std::to_string(hi) + " x PNG scale " +
                                std::to_string(scale) +
                                " does not fit in 16 bits (65535); use a smaller scale or a "
                                "float format (.exr, .pfm, .npy)");
  return scale;
}

DepthWriteInfo writePng(const fs::path& path, const DepthMap& depth, double requested) {
  const double scale = pngScaleFor(path, depth, requested);
  cv::Mat mat(depth.height(), depth.width(), CV_16U);
  auto* out = reinterpret_cast<uint16_t*>(mat.data);
  for (size_t i = 0; i < depth.pixelCount(); ++i) {
    if (!depth.validMask()[i]) {
      out[i] = 0;
      continue;
    }
    const double v = std::round(double(depth.values()[i]) * scale);
    out[i] =
        uint16_t(std::clamp(v, 1.0, 65535.0));  // a valid pixel must not read back as "no data"
  }
  std::vector<uchar> encoded;
  if (!cv::imencode(".png", mat, encoded))
    throw Error::file(path, "OpenCV could not encode the depth PNG");
  writeFileAtomically(path, std::string(encoded.begin(), encoded.end()));
  return DepthWriteInfo{scale};
}

void writeExr(const fs::path& path, const DepthMap& depth) {
  enableOpenExr();
  std::vector<float> values = valuesWithNaN(depth);
  const cv::Mat mat(depth.height(), depth.width(), CV_32F, values.data());
  writeAtomically(path, [&](const fs::path& tmp) {
    try {
      if (!cv::imwrite(tmp.string(), mat, {cv::IMWRITE_EXR_TYPE, cv::IMWRITE_EXR_TYPE_FLOAT}))
        throw Error::file(path, "OpenCV could not write the EXR file");
    } catch (const cv::Exception& e) {
      throw Error::file(path, "cannot write EXR: " + e.msg);
    }
  });
}

}  // namespace

void DepthReadOptions::check() const {
  if (!(pngScale > 0.0) || !std::isfinite(pngScale))
    throw Error("depth PNG scale must be a positive number (stored value / scale = depth), got " +
                std::to_string(pngScale));
}

void DepthWriteOptions::check() const {
  if (!(pngScale >= 0.0) || !std::isfinite(pngScale))
    throw Error("depth PNG scale must be positive, or 0 for automatic, got " +
                std::to_string(pngScale));
}

DepthMap readDepth(const fs::path& path, const DepthReadOptions& options) {
  options.check();
  const std::string ext = lowerExtension(path);
  if (ext == ".png") return readPng(path, options);
  if (ext == ".exr") return readExr(path, options);
  if (ext == ".pfm") return readPfm(path, options);
  if (ext == ".npy") return readNpy(path, options);
  throw unknownExtension(path);
}

DepthWriteInfo writeDepth(const fs::path& path, const DepthMap& depth,
                          const DepthWriteOptions& options) {
  options.check();
  const std::string ext = lowerExtension(path);
  const bool known = ext == ".png" || ext == ".exr" || ext == ".pfm" || ext == ".npy";
  if (!known) throw unknownExtension(path);
  if (depth.empty()) throw Error::file(path, "the depth map is empty");
  if (ext == ".png") return writePng(path, depth, options.pngScale);
  if (ext == ".exr")
    writeExr(path, depth);
  else if (ext == ".pfm")
    PfmFile{depth.width(), depth.height(), 1, valuesWithNaN(depth)}.write(path);
  else
    NpyFile::writeFloat32(path, {size_t(depth.height()), size_t(depth.width())},
                          valuesWithNaN(depth));
  return DepthWriteInfo{};
}

std::vector<std::string> supportedDepthExtensions() {
  return {".png", ".exr", ".pfm", ".npy"};
}

}  // namespace ds
