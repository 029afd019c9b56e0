#include "core/nn/EpipolarCorrelation.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>
#include <string>

#include "core/util/Error.h"

namespace ds {

namespace {

std::string shapeText(const at::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i)
    s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

void requireNchw(const at::Tensor& t, const char* what, const char* function) {
  if (!t.defined() || t.dim() != 4)
    throw Error(std::string(function) + ": " + what +
                " must be a defined [N, C, H, W] tensor, got " +
                (t.defined() ? shapeText(t) : std::string("undefined")));
}

}  // namespace

at::Tensor rowCorrelationVolume(const at::Tensor& main, const at::Tensor& aux,
                                int64_t numCandidates) {
  requireNchw(main, "main", "rowCorrelationVolume");
  requireNchw(aux, "aux", "rowCorrelationVolume");
  if (main.sizes() != aux.sizes())
    throw Error("rowCorrelationVolume: main " + shapeText(main) + " and aux " + shapeText(aux) +
                " differ in shape");
  if (numCandidates < 1)
    throw Error("rowCorrelationVolume: numCandidates must be >= 1, got " +
                std::to_string(numCandidates));
  const int64_t n = main.size(0), h = main.size(2), w = main.size(3);
  const double minusInf = -std::numeric_limits<double>::infinity();
  std::vector<at::Tensor> slices;
  slices.reserve(size_t(numCandidates));
  for (int64_t d = 0; d < numCandidates; ++d) {
    if (d >= w) {  // no pixel has this candidate inside the image
      slices.push_back(at::full({n, h, w}, minusInf, main.options()));
      continue;
    }
    const at::Tensor dot = (main.narrow(3, d, w - d) * aux.narrow(3, 0, w - d)).sum(1);
    slices.push_back(d == 0 ? dot : at::constant_pad_nd(dot, {d, 0}, minusInf));
  }
  return at::stack(slices, 1);
}

at::Tensor softWarpAlongRows(const at::Tensor& aux, const at::Tensor& prob) {
  requireNchw(aux, "aux", "softWarpAlongRows");
  requireNchw(prob, "prob", "softWarpAlongRows");
  if (prob.size(0) != aux.size(0) || prob.size(2) != aux.size(2) || prob.size(3) != aux.size(3))
    throw Error("softWarpAlongRows: prob " + shapeText(prob) + " does not match aux " +
                shapeText(aux) + " in batch, height and width");
  const int64_t w = aux.size(3);
  // Candidates at d >= w never land inside the image: they add nothing.
  const int64_t candidates = std::min(prob.size(1), w);
  at::Tensor aligned = at::zeros_like(aux, aux.options().dtype(at::result_type(aux, prob)));
  for (int64_t d = 0; d < candidates; ++d)  // in place: no [N, C, H, W] temporary per candidate
    aligned.narrow(3, d, w - d)
        .addcmul_(aux.narrow(3, 0, w - d), prob.narrow(1, d, 1).narrow(3, d, w - d));
  return aligned;
}

at::Tensor expectedDisparity(const at::Tensor& prob) {
  requireNchw(prob, "prob", "expectedDisparity");
  const int64_t n = prob.size(0), h = prob.size(2), w = prob.size(3);
  // A [1, D] x [N, D, H*W] product: no volume-sized temporary.
  const at::Tensor d = at::arange(prob.size(1), prob.options()).view({1, -1});
  return at::matmul(d, prob.reshape({n, prob.size(1), h * w})).view({n, 1, h, w});
}

AuxViewAlignment alignAlongRows(const at::Tensor& mainKey, const at::Tensor& auxKey,
                                const at::Tensor& auxFeatures, int64_t numCandidates) {
  requireNchw(auxFeatures, "auxFeatures", "alignAlongRows");
  requireNchw(mainKey, "mainKey", "alignAlongRows");
  if (auxFeatures.size(0) != mainKey.size(0) || auxFeatures.size(2) != mainKey.size(2) ||
      auxFeatures.size(3) != mainKey.size(3))
    throw Error("alignAlongRows: auxFeatures " + shapeText(auxFeatures) +
                " does not match the keys " + shapeText(mainKey) + " in batch, height and width");
  const int64_t n = mainKey.size(0), h = mainKey.size(2), w = mainKey.size(3);
  // Bands of rows whose volume holds about kBandVolume values (16 MiB of float32): big enough
  // that per-candidate operations are not dominated by overhead, small enough to stay in cache
  // and to bound the memory of a large image.
  constexpr int64_t kBandVolume = int64_t(1) << 22;
  const int64_t band = std::max<int64_t>(
      1, kBandVolume / std::max<int64_t>(1, n * std::max<int64_t>(1, numCandidates) * w));
  std::vector<at::Tensor> aligned, disparity, confidence;
  for (int64_t y = 0; y < h; y += band) {
    const int64_t rows = std::min(band, h - y);
    const at::Tensor prob = at::softmax(
        rowCorrelationVolume(mainKey.narrow(2, y, rows), auxKey.narrow(2, y, rows), numCandidates),
        1);
    aligned.push_back(softWarpAlongRows(auxFeatures.narrow(2, y, rows), prob));
    disparity.push_back(expectedDisparity(prob));
    confidence.push_back(prob.amax(1, /*keepdim=*/true));
  }
  auto join = [](const std::vector<at::Tensor>& parts) {
    return parts.size() == 1 ? parts.front() : at::cat(parts, 2);
  };
  return {join(aligned), join(disparity), join(confidence)};
}

}  // namespace ds
