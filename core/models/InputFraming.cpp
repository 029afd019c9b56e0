#include "core/models/InputFraming.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/util/Error.h"

namespace ds {

using Resize = ModelSidecar::Resize;

InputFraming::InputFraming(const ModelSidecar::Input& spec, int imageWidth, int imageHeight)
    : spec_(spec), imageWidth_(imageWidth), imageHeight_(imageHeight) {
  if (imageWidth <= 0 || imageHeight <= 0) throw Error("the input image is empty");
  const double W = spec.width, H = spec.height;
  if (spec.resize == Resize::Stretch) {
    placement_ = {0, 0, W, H};
    return;
  }
  // Fit inside (pad) or cover (crop) the frame; integer sizes and offsets keep the pasted image
  // and the crop back of the output on whole pixels.
  const double sx = W / imageWidth, sy = H / imageHeight;
  const double s = spec.resize == Resize::KeepAspectPad ? std::min(sx, sy) : std::max(sx, sy);
  const double w = std::max(1.0, std::round(imageWidth * s));
  const double h = std::max(1.0, std::round(imageHeight * s));
  placement_ = {std::floor((W - w) / 2), std::floor((H - h) / 2), w, h};
}

std::vector<int> InputFraming::tensorShape() const {
  if (spec_.layout == ModelSidecar::Layout::NHWC) return {1, spec_.height, spec_.width, 3};
  return {1, 3, spec_.height, spec_.width};
}

std::vector<float> InputFraming::tensor(const Image& image) const {
  if (image.width() != imageWidth_ || image.height() != imageHeight_)
    throw Error("image size does not match the framing it was planned for");
  const Image rgb = image.channels() == 3 ? image : image.toRgb();
  cv::Mat src(rgb.height(), rgb.width(), CV_32FC3, const_cast<float*>(rgb.pixels().data()));

  const cv::Size contentSize(int(placement_.width), int(placement_.height));
  // Area averaging when shrinking avoids aliasing from large photos; bilinear when enlarging.
  const bool shrinking = contentSize.width < src.cols && contentSize.height < src.rows;
  cv::Mat content;
  cv::resize(src, content, contentSize, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);

  cv::Mat frame;
  const cv::Size frameSize(spec_.width, spec_.height);
  if (spec_.resize == Resize::Stretch) {
    frame = content;
  } else if (spec_.resize == Resize::KeepAspectPad) {
    frame = cv::Mat::zeros(frameSize, CV_32FC3);
    content.copyTo(
        frame(cv::Rect(int(placement_.x), int(placement_.y), content.cols, content.rows)));
  } else {
    frame = content(cv::Rect(int(-placement_.x), int(-placement_.y), spec_.width, spec_.height));
  }
  if (spec_.color == ModelSidecar::Color::BGR) cv::cvtColor(frame, frame, cv::COLOR_RGB2BGR);

  // Pixels are [0,1]; the sidecar's scale is for 8-bit values: v = (p*255*scale - mean) / std.
  const size_t plane = size_t(spec_.width) * size_t(spec_.height);
  std::vector<float> out(plane * 3);
  const bool nchw = spec_.layout == ModelSidecar::Layout::NCHW;
  for (int y = 0; y < frame.rows; ++y) {
    const float* row = frame.ptr<float>(y);
    for (int x = 0; x < frame.cols; ++x)
      for (int c = 0; c < 3; ++c) {
        const double v = (row[3 * x + c] * 255.0 * spec_.scale - spec_.mean[c]) / spec_.std[c];
        const size_t pixel = size_t(y) * size_t(spec_.width) + size_t(x);
        out[nchw ? c * plane + pixel : pixel * 3 + c] = float(v);
      }
  }
  return out;
}

void InputFraming::mapBack(const float* output, int outWidth, int outHeight,
                           std::vector<float>& values, std::vector<uint8_t>& covered) const {
  cv::Mat out(outHeight, outWidth, CV_32F, const_cast<float*>(output));
  const cv::Size imageSize(imageWidth_, imageHeight_);
  // The output may be at another resolution than the input frame (e.g. half).
  const double rx = double(outWidth) / spec_.width, ry = double(outHeight) / spec_.height;
  cv::Mat resized;
  covered.assign(size_t(imageWidth_) * size_t(imageHeight_), 1);

  if (spec_.resize == Resize::Stretch) {
    cv::resize(out, resized, imageSize, 0, 0, cv::INTER_LINEAR);
  } else if (spec_.resize == Resize::KeepAspectPad) {
    // Crop the padding away first so it never bleeds into the image's edges.
    cv::Rect content(int(std::round(placement_.x * rx)), int(std::round(placement_.y * ry)),
                     int(std::round(placement_.width * rx)),
                     int(std::round(placement_.height * ry)));
    content &= cv::Rect(0, 0, outWidth, outHeight);
    if (content.empty()) content = cv::Rect(0, 0, outWidth, outHeight);
    cv::resize(out(content), resized, imageSize, 0, 0, cv::INTER_LINEAR);
  } else {
    // Image pixel u sits at frame coordinate (u + 0.5) * s + x0 (pixel edges); sample the output
    // there and mark pixels whose centre fell outside the frame as not seen.
    const double s = placement_.width / imageWidth_, t = placement_.height / imageHeight_;
    const cv::Matx23d toOutput(s * rx, 0, (0.5 * s + placement_.x) * rx - 0.5,  //
                               0, t * ry, (0.5 * t + placement_.y) * ry - 0.5);
    cv::warpAffine(out, resized, toOutput, imageSize, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                   cv::BORDER_REPLICATE);
    for (int v = 0; v < imageHeight_; ++v) {
      const double fy = (v + 0.5) * t + placement_.y;
      for (int u = 0; u < imageWidth_; ++u) {
        const double fx = (u + 0.5) * s + placement_.x;
        if (fx < 0 || fy < 0 || fx > spec_.width || fy > spec_.height)
          covered[size_t(v) * size_t(imageWidth_) + size_t(u)] = 0;
      }
    }
  }
  if (!resized.isContinuous()) resized = resized.clone();
  values.assign(resized.ptr<float>(0), resized.ptr<float>(0) + resized.total());
}

}  // namespace ds
