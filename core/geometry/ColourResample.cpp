#include "core/geometry/ColourResample.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "core/util/Error.h"

namespace ds {

Image rgbAtSize(const Image& image, int width, int height) {
  if (image.empty()) throw Error("colour resampling: the colour image is empty");
  if (width <= 0 || height <= 0)
    throw Error("colour resampling: target size " + std::to_string(width) + "x" +
                std::to_string(height) + " is not positive");
  Image rgb = image.toRgb();
  if (rgb.width() == width && rgb.height() == height) return rgb;
  // Channel order does not matter to resize, so the RGB buffer is wrapped as it is.
  const cv::Mat src(rgb.height(), rgb.width(), CV_32FC3, rgb.pixels().data());
  Image out(width, height, 3, rgb.sourceBitDepth());
  cv::Mat dst(height, width, CV_32FC3, out.pixels().data());
  const bool shrinking = width <= rgb.width() && height <= rgb.height();
  cv::resize(src, dst, dst.size(), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

}  // namespace ds
