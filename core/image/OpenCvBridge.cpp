#include "core/image/OpenCvBridge.h"

#include <opencv2/imgproc.hpp>

#include "core/util/Error.h"

namespace ds {

cv::Mat toMatBgrFloat(const Image& image) {
  const int type = CV_MAKETYPE(CV_32F, image.channels());
  cv::Mat rgb(image.height(), image.width(), type, const_cast<float*>(image.pixels().data()));
  cv::Mat out;
  if (image.channels() == 3)
    cv::cvtColor(rgb, out, cv::COLOR_RGB2BGR);
  else if (image.channels() == 4)
    cv::cvtColor(rgb, out, cv::COLOR_RGBA2BGRA);
  else
    out = rgb.clone();
  return out;
}

cv::Mat toMatBgr8(const Image& image) {
  cv::Mat f = toMatBgrFloat(image);
  cv::Mat out;
  f.convertTo(out, CV_8U, 255.0);
  return out;
}

Image imageFromMat(const cv::Mat& mat) {
  if (mat.empty()) throw Error("empty image");
  const int ch = mat.channels();
  if (ch != 1 && ch != 3 && ch != 4) throw Error("unsupported channel count " + std::to_string(ch));
  double scale = 1.0;
  int bits = 32;
  switch (mat.depth()) {
    case CV_8U:
      scale = 1.0 / 255.0;
      bits = 8;
      break;
    case CV_16U:
      scale = 1.0 / 65535.0;
      bits = 16;
      break;
    case CV_32F:
      break;
    default:
      throw Error("unsupported pixel type (only 8-bit, 16-bit and float images)");
  }
  cv::Mat f;
  mat.convertTo(f, CV_MAKETYPE(CV_32F, ch), scale);
  if (ch == 3) cv::cvtColor(f, f, cv::COLOR_BGR2RGB);
  if (ch == 4) cv::cvtColor(f, f, cv::COLOR_BGRA2RGBA);
  if (!f.isContinuous()) f = f.clone();
  std::vector<float> px(reinterpret_cast<const float*>(f.data),
                        reinterpret_cast<const float*>(f.data) + f.total() * size_t(ch));
  return Image(mat.cols, mat.rows, ch, std::move(px), bits);
}

cv::Mat toMatValues(const DepthMap& depth) {
  return cv::Mat(depth.height(), depth.width(), CV_32F, const_cast<float*>(depth.values().data()))
      .clone();
}

cv::Mat toMatMask(const DepthMap& depth) {
  cv::Mat m(depth.height(), depth.width(), CV_8U, const_cast<uint8_t*>(depth.validMask().data()));
  return m * 255;
}

DepthMap depthFromMats(const cv::Mat& values32f, const cv::Mat& mask8u, DepthKind kind) {
  CV_Assert(values32f.type() == CV_32F && mask8u.type() == CV_8U && values32f.size == mask8u.size);
  cv::Mat v = values32f.isContinuous() ? values32f : values32f.clone();
  cv::Mat m = mask8u.isContinuous() ? mask8u : mask8u.clone();
  std::vector<float> vals(reinterpret_cast<const float*>(v.data),
                          reinterpret_cast<const float*>(v.data) + v.total());
  std::vector<uint8_t> valid(m.total());
  for (size_t i = 0; i < valid.size(); ++i)
    valid[i] = m.data[i] ? 1 : 0;
  return DepthMap(v.cols, v.rows, kind, std::move(vals), std::move(valid));
}

}  // namespace ds
