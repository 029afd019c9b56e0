#include "core/stereo/SgbmMatcher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "core/image/OpenCvBridge.h"
#include "core/stereo/DisparityHoleFilling.h"
#include "core/util/Error.h"

namespace ds {

namespace {

int toOpenCvMode(SgbmMode mode) {
  switch (mode) {
    case SgbmMode::Sgbm:
      return cv::StereoSGBM::MODE_SGBM;
    case SgbmMode::Hh:
      return cv::StereoSGBM::MODE_HH;
    case SgbmMode::ThreeWay:
      return cv::StereoSGBM::MODE_SGBM_3WAY;
    case SgbmMode::Hh4:
      return cv::StereoSGBM::MODE_HH4;
  }
  return cv::StereoSGBM::MODE_SGBM;
}

// 8-bit image to match on at the working size: grey, or BGR when matching in colour.
cv::Mat matchingImage(const Image& image, bool colour, cv::Size size) {
  cv::Mat bgr = toMatBgr8(image), out;
  const int ch = bgr.channels();
  if (colour) {
    if (ch == 1)
      cv::cvtColor(bgr, out, cv::COLOR_GRAY2BGR);
    else if (ch == 4)
      cv::cvtColor(bgr, out, cv::COLOR_BGRA2BGR);
    else
      out = bgr;
  } else {
    if (ch == 3)
      cv::cvtColor(bgr, out, cv::COLOR_BGR2GRAY);
    else if (ch == 4)
      cv::cvtColor(bgr, out, cv::COLOR_BGRA2GRAY);
    else
      out = bgr;
  }
  if (size != out.size()) {
    cv::Mat small;
    cv::resize(out, small, size, 0, 0, cv::INTER_AREA);
    return small;
  }
  return out;
}

struct Range {
  int minD, numD;
};

// Disparity of `left` against `right` as CV_32F px, NaN where SGBM found none. The images are
// padded so that every column of `left` has the whole search range inside the padded right image.
cv::Mat matchOneWay(const cv::Mat& left, const cv::Mat& right, const SgbmOptions& o, Range range) {
  const int bs = o.blockSize, cn = left.channels();
  const int p1 = o.p1 > 0 ? o.p1 : 8 * cn * bs * bs;
  const int p2 = o.p2 > 0 ? o.p2 : 32 * cn * bs * bs;
  const int disp12 = o.disp12MaxDiff > 0 ? o.disp12MaxDiff : (1 << 20);
  auto sgbm = cv::StereoSGBM::create(range.minD, range.numD, bs, p1, p2, disp12, 63,
                                     o.uniquenessRatio, 0, 0, toOpenCvMode(o.mode));
  const int padLeft = std::max(0, range.minD + range.numD), padRight = std::max(0, -range.minD);
  cv::Mat l, r, raw;
  cv::copyMakeBorder(left, l, 0, 0, padLeft, padRight, cv::BORDER_REPLICATE);
  cv::copyMakeBorder(right, r, 0, 0, padLeft, padRight, cv::BORDER_REPLICATE);
  sgbm->compute(l, r, raw);
  cv::Mat fixed = raw(cv::Rect(padLeft, 0, left.cols, left.rows));
  cv::Mat out(left.size(), CV_32F);
  const short invalidBelow = short(range.minD * 16);
  for (int y = 0; y < out.rows; ++y) {
    const short* s = fixed.ptr<short>(y);
    float* d = out.ptr<float>(y);
    for (int x = 0; x < out.cols; ++x)
      d[x] = s[x] < invalidBelow ? std::numeric_limits<float>::quiet_NaN() : float(s[x]) / 16.0f;
  }
  return out;
}

// Removes speckles (small connected regions of similar disparity) from `valid`.
void removeSpeckles(const cv::Mat& disp, cv::Mat& valid, int maxSize, double rangePx) {
  const short invalid = std::numeric_limits<short>::min();
  cv::Mat fixed(disp.size(), CV_16S);
  for (int y = 0; y < disp.rows; ++y)
    for (int x = 0; x < disp.cols; ++x)
      fixed.at<short>(y, x) =
          valid.at<uchar>(y, x) ? short(std::lround(disp.at<float>(y, x) * 16.0f)) : invalid;
  cv::filterSpeckles(fixed, invalid, maxSize, int(std::lround(rangePx * 16.0)));
  for (int y = 0; y < disp.rows; ++y)
    for (int x = 0; x < disp.cols; ++x)
      if (fixed.at<short>(y, x) == invalid) valid.at<uchar>(y, x) = 0;
}

}  // namespace

SgbmMatcher::SgbmMatcher(SgbmOptions options) : options_(options) {
  options_.check();
}

DepthMap SgbmMatcher::computeDisparity(const StereoPair& pair, ProgressSink& progress,
                                       const CancelToken& cancel) const {
  pair.check();
  cancel.throwIfCancelled();
  const SgbmOptions& o = options_;
  const int fullW = pair.left.width(), fullH = pair.left.height();
  const int fullNumD = o.resolvedNumDisparities(fullW);
  if (fullNumD >= fullW)
    throw Error("stereo: the disparity search range (" + std::to_string(fullNumD) +
                " px) must be narrower than the image (" + std::to_string(fullW) +
                " px wide); lower numDisparities or use a wider image");

  const double s = o.downscale;
  const int w = std::max(1, int(std::lround(fullW * s))),
            h = std::max(1, int(std::lround(fullH * s)));
  if (w < 2 * o.blockSize || h < o.blockSize)
    throw Error("stereo: the images (" + std::to_string(w) + "x" + std::to_string(h) +
                " px at the working scale) are too small for blockSize " +
                std::to_string(o.blockSize));
  const cv::Mat left = matchingImage(pair.left, o.matchInColour, cv::Size(w, h));
  const cv::Mat right = matchingImage(pair.right, o.matchInColour, cv::Size(w, h));
  // The search range at the working scale, still a multiple of 16.
  Range range{int(std::floor(o.minDisparity * s)), fullNumD};
  if (s < 1.0) range.numD = std::max(16, int(std::ceil(fullNumD * s / 16.0)) * 16);

  auto report = [&](double f, int step, const char* what) {
    progress.report(Progress{f, "stereo", step, 4, what});
  };
  report(0.0, 1, "matching left view");
  cv::Mat disp = matchOneWay(left, right, o, range);
  cancel.throwIfCancelled();

  cv::Mat valid(h, w, CV_8U);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const float d = disp.at<float>(y, x);
      // A match whose right pixel lies in the padding has no counterpart in the right image.
      valid.at<uchar>(y, x) = !std::isnan(d) && x - d >= 0.0f && x - d <= float(w - 1);
    }

  if (o.leftRightCheck) {
    report(0.4, 2, "matching right view");
    cv::Mat mirroredL, mirroredR;
    cv::flip(right, mirroredL, 1);
    cv::flip(left, mirroredR, 1);
    cv::Mat dispRight = matchOneWay(mirroredL, mirroredR, o, range);
    cv::flip(dispRight, dispRight, 1);
    cancel.throwIfCancelled();
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        if (!valid.at<uchar>(y, x)) continue;
        const float d = disp.at<float>(y, x);
        const int xr = int(std::lround(x - d));
        const float dr = (xr >= 0 && xr < w) ? dispRight.at<float>(y, xr)
                                             : std::numeric_limits<float>::quiet_NaN();
        if (std::isnan(dr) || std::abs(dr - d) > o.leftRightMaxDiff) valid.at<uchar>(y, x) = 0;
      }
  }

  report(0.8, 3, "removing speckles");
  if (o.speckleWindowSize > 0)
    removeSpeckles(disp, valid, std::max(1, int(std::lround(o.speckleWindowSize * s * s))),
                   o.speckleRange);
  cancel.throwIfCancelled();

  cv::Mat zeros = disp.clone();
  zeros.setTo(0.0f, valid == 0);
  DepthMap result = depthFromMats(zeros, valid, DepthKind::RelativeInverseDepth);

  if (o.fillHoles) {
    report(0.9, 4, "filling occlusions");
    cv::Mat guideMat = toMatBgr8(pair.left);
    if (s < 1.0) cv::resize(guideMat, guideMat, left.size(), 0, 0, cv::INTER_AREA);
    DisparityFillOptions fill;
    fill.minAgreement = o.fillAgreement;
    fillDisparityHoles(result, imageFromMat(guideMat), fill, cancel);
  }

  if (s < 1.0) {
    // Back to full size: nearest neighbour keeps invalid pixels from bleeding into valid ones.
    cv::Mat values = toMatValues(result), mask = toMatMask(result), bigV, bigM;
    cv::resize(values, bigV, cv::Size(fullW, fullH), 0, 0, cv::INTER_NEAREST);
    cv::resize(mask, bigM, cv::Size(fullW, fullH), 0, 0, cv::INTER_NEAREST);
    bigV *= double(fullW) / double(w);
    result = depthFromMats(bigV, bigM, DepthKind::RelativeInverseDepth);
  }
  report(1.0, 4, "done");
  return result;
}

}  // namespace ds
