#pragma once
// Conversions between core's image types and cv::Mat (OpenCV uses BGR order; core uses RGB).
#include <opencv2/core/mat.hpp>

#include "core/image/DepthMap.h"
#include "core/image/Image.h"

namespace ds {

// CV_32FC1/3/4 in BGR(A) order, values in [0, 1].
cv::Mat toMatBgrFloat(const Image& image);
// CV_8UC1/3/4 in BGR(A) order.
cv::Mat toMatBgr8(const Image& image);
// From CV_8U/CV_16U/CV_32F with 1, 3 (BGR) or 4 (BGRA) channels.
Image imageFromMat(const cv::Mat& mat);

// CV_32FC1 copy of the values, and CV_8UC1 mask (255 valid).
cv::Mat toMatValues(const DepthMap& depth);
cv::Mat toMatMask(const DepthMap& depth);
DepthMap depthFromMats(const cv::Mat& values32f, const cv::Mat& mask8u, DepthKind kind);

}  // namespace ds
