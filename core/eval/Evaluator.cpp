#include "core/eval/Evaluator.h"

#include <opencv2/imgproc.hpp>

#include "core/image/OpenCvBridge.h"
#include "core/util/Error.h"

namespace ds {
namespace {

// Bilinear over valid pixels only: resize(value * valid) / resize(valid), so an invalid pixel's
// placeholder value never mixes into its neighbours; validity itself by nearest neighbour.
DepthMap resizeTo(const DepthMap& depth, int width, int height) {
  cv::Mat weighted(depth.height(), depth.width(), CV_32F), valid(weighted.size(), CV_32F);
  for (size_t i = 0; i < depth.pixelCount(); ++i) {
    const bool ok = depth.validMask()[i] != 0;
    weighted.ptr<float>()[i] = ok ? depth.values()[i] : 0.0f;  // NaN placeholders must not spread
    valid.ptr<float>()[i] = ok ? 1.0f : 0.0f;
  }
  cv::Mat sumValues, sumWeights, nearestMask;
  const cv::Size size(width, height);
  cv::resize(weighted, sumValues, size, 0, 0, cv::INTER_LINEAR);
  cv::resize(valid, sumWeights, size, 0, 0, cv::INTER_LINEAR);
  cv::resize(toMatMask(depth), nearestMask, size, 0, 0, cv::INTER_NEAREST);
  cv::Mat out = cv::Mat::zeros(size, CV_32F);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float w = sumWeights.at<float>(y, x);
      if (w > 1e-6f)
        out.at<float>(y, x) = sumValues.at<float>(y, x) / w;
      else
        nearestMask.at<uint8_t>(y, x) = 0;  // no valid neighbour to take a value from
    }
  return depthFromMats(out, nearestMask, depth.kind());
}

}  // namespace

EvalFrameRow Evaluator::evaluateFrame(const RgbdFrame& frame, const DepthMap& prediction,
                                      const EvalOptions& options) {
  if (prediction.empty())
    throw Error("evaluation: the prediction for frame '" + frame.id() + "' is empty");
  const DepthMap& gt = frame.gt;
  const DepthMap sized = (prediction.width() == gt.width() && prediction.height() == gt.height())
                             ? prediction
                             : resizeTo(prediction, gt.width(), gt.height());
  const bool imposed = !options.convention.empty();
  const EvalConvention convention =
      imposed ? EvalConvention::fromName(options.convention) : frame.convention();
  const std::vector<uint8_t> mask = imposed ? convention.mask(gt) : frame.evalMask;

  const AlignmentResult aligned = align(sized, gt, &mask, options.alignment, convention.maxDepth);
  EvalFrameRow row;
  row.id = frame.id();
  row.split = frame.split();
  row.metrics = computeMetrics(convention.clamp(aligned.depth), gt, &mask);
  row.alignment = aligned.alignment;
  row.scale = aligned.scale;
  row.shift = aligned.shift;
  row.degenerate = aligned.degenerate;
  return row;
}

EvalReport Evaluator::run(const RgbdDataset& dataset, const Predictor& predict,
                          const EvalOptions& options, ProgressSink& progress,
                          const CancelToken& cancel) const {
  options.check();
  if (!predict) throw Error("evaluation: no predictor given");
  const size_t n = dataset.size();
  std::vector<EvalFrameRow> rows;
  rows.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    cancel.throwIfCancelled();
    const RgbdFrame frame = dataset.load(i);
    rows.push_back(evaluateFrame(frame, predict(frame), options));
    Progress p;
    p.fraction = double(i + 1) / double(n);
    p.stage = "eval";
    p.step = int(i + 1);
    p.steps = int(n);
    p.message = frame.id();
    progress.report(p);
  }
  cancel.throwIfCancelled();
  return EvalReport::fromRows(std::move(rows), options.perSplit);
}

}  // namespace ds
