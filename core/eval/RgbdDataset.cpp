#include "core/eval/RgbdDataset.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>

#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace ds {
namespace {

constexpr const char* kRgb = "rgb.png";
constexpr const char* kDepth = "depth.png";
constexpr const char* kValid = "valid.png";
constexpr const char* kIntrinsics = "intrinsics.json";

// Typed access to intrinsics.json whose errors name the file and the key.
class FrameJson {
 public:
  FrameJson(fs::path path) : path_(std::move(path)) {
    try {
      j_ = json::parse(readFile(path_));
    } catch (const json::parse_error& e) {
      throw Error::file(path_, std::string("not valid JSON: ") + e.what());
    }
    if (!j_.is_object()) throw Error::file(path_, "must hold a JSON object");
  }

  const json& at(const char* key) const {
    if (!j_.contains(key)) throw wrong(key, "is missing");
    return j_.at(key);
  }
  double number(const char* key) const {
    const json& v = at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>())) throw wrong(key, "must be a number");
    return v.get<double>();
  }
  double positive(const char* key) const {
    const double v = number(key);
    if (!(v > 0)) throw wrong(key, "must be positive, not " + std::to_string(v));
    return v;
  }
  int positiveInt(const char* key) const {
    const json& v = at(key);
    if (!v.is_number_integer() || v.get<long long>() <= 0 || v.get<long long>() > 1000000)
      throw wrong(key, "must be a positive whole number of pixels");
    return int(v.get<long long>());
  }
  std::string string(const char* key) const {
    const json& v = at(key);
    if (!v.is_string()) throw wrong(key, "must be a string");
    return v.get<std::string>();
  }
  std::string optionalString(const char* key) const {
    return j_.contains(key) ? string(key) : std::string();
  }
  Error wrong(const char* key, const std::string& problem) const {
    return Error::file(path_, "key '" + std::string(key) + "' " + problem);
  }

 private:
  fs::path path_;
  json j_;
};

EvalConvention conventionFrom(const FrameJson& j) {
  const json& range = j.at("valid_range_m");
  if (!range.is_array() || range.size() != 2 || !range[0].is_number() || !range[1].is_number())
    throw j.wrong("valid_range_m", "must be [min, max] in metres");
  EvalConvention c;
  c.minDepth = range[0].get<double>();
  c.maxDepth = range[1].get<double>();
  if (!(c.minDepth >= 0 && c.minDepth < c.maxDepth && std::isfinite(c.maxDepth)))
    throw j.wrong("valid_range_m", "must satisfy 0 <= min < max");
  const std::string crop = j.string("crop");
  const auto kind = parseCropKind(crop);
  if (!kind)
    throw j.wrong("crop", "must be \"eigen\", \"garg\", \"\" or \"-\", not \"" + crop + "\"");
  c.crop = *kind;
  // Name the standard protocols when a frame follows one exactly.
  for (const EvalConvention& known : {EvalConvention::nyu(), EvalConvention::kitti()})
    if (known.minDepth == c.minDepth && known.maxDepth == c.maxDepth && known.crop == c.crop)
      c.name = known.name;
  return c;
}

RgbdFrameInfo readInfo(const fs::path& folder) {
  for (const char* name : {kRgb, kDepth, kIntrinsics})
    if (!fs::is_regular_file(folder / name))
      throw Error::file(folder / name,
                        "missing (a frame folder needs rgb.png, depth.png and "
                        "intrinsics.json)");
  const FrameJson j(folder / kIntrinsics);
  RgbdFrameInfo info;
  info.id = folder.filename().string();
  info.folder = folder;
  Intrinsics& k = info.intrinsics;
  k.fx = j.positive("fx");
  k.fy = j.positive("fy");
  k.cx = j.number("cx");
  k.cy = j.number("cy");
  k.width = j.positiveInt("width");
  k.height = j.positiveInt("height");
  info.depthScale = j.positive("depth_scale");
  info.split = j.string("split");
  if (info.split.empty()) throw j.wrong("split", "must not be empty");
  info.convention = conventionFrom(j);
  info.source = j.optionalString("source");
  info.hasValidMask = fs::is_regular_file(folder / kValid);
  return info;
}

void checkSize(const fs::path& path, int width, int height, const Intrinsics& k) {
  if (width != k.width || height != k.height)
    throw Error::file(path, "is " + std::to_string(width) + "x" + std::to_string(height) +
                                " but intrinsics.json says " + std::to_string(k.width) + "x" +
                                std::to_string(k.height));
}

// valid.png: 8-bit, one channel; 255 marks pixels that count (>= 128 to forgive resampling).
std::vector<uint8_t> readValidMask(const fs::path& path, const Intrinsics& k) {
  const cv::Mat mat = decodeImageFile(path);
  if (mat.depth() != CV_8U || mat.channels() != 1)
    throw Error::file(path, "must be an 8-bit single-channel mask (255 = counts)");
  checkSize(path, mat.cols, mat.rows, k);
  std::vector<uint8_t> mask(mat.total());
  for (int y = 0; y < mat.rows; ++y) {
    const uint8_t* row = mat.ptr<uint8_t>(y);
    for (int x = 0; x < mat.cols; ++x)
      mask[size_t(y) * mat.cols + x] = row[x] >= 128;
  }
  return mask;
}

}  // namespace

RgbdDataset RgbdDataset::open(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error::file(root, "not a folder of RGB-D frames");
  RgbdDataset set;
  set.root_ = root;
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_directory()) folders.push_back(entry.path());
  if (ec) throw Error::file(root, "cannot list the folder: " + ec.message());
  if (folders.empty()) throw Error::file(root, "holds no frame folders (<id>/rgb.png, ...)");
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders)
    set.frames_.push_back(readInfo(folder));
  return set;
}

const RgbdFrameInfo& RgbdDataset::info(size_t index) const {
  if (index >= frames_.size())
    throw Error("frame " + std::to_string(index) + " is out of range (the dataset has " +
                std::to_string(frames_.size()) + ")");
  return frames_[index];
}

RgbdFrame RgbdDataset::load(size_t index) const {
  RgbdFrame frame;
  frame.info = info(index);
  const fs::path& folder = frame.info.folder;
  const Intrinsics& k = frame.info.intrinsics;

  frame.rgb = readImage(folder / kRgb);
  checkSize(folder / kRgb, frame.rgb.width(), frame.rgb.height(), k);
  DepthReadOptions depthOptions;
  depthOptions.pngScale = frame.info.depthScale;
  depthOptions.kind = DepthKind::MetricDepth;
  frame.gt = readDepth(folder / kDepth, depthOptions);
  checkSize(folder / kDepth, frame.gt.width(), frame.gt.height(), k);

  const EvalConvention& c = frame.info.convention;
  frame.evalMask =
      frame.info.hasValidMask ? readValidMask(folder / kValid, k) : c.mask(k.width, k.height);
  // Whatever the mask says, only valid ground truth inside the range can be scored.
  EvalConvention rangeOnly = c;
  rangeOnly.crop = CropKind::None;
  const auto inRange = rangeOnly.mask(frame.gt);
  for (size_t i = 0; i < inRange.size(); ++i)
    frame.evalMask[i] = frame.evalMask[i] && inRange[i];
  return frame;
}

}  // namespace ds
