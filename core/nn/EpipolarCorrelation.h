#pragma once
// Matching along the rows of a rectified pair. The main (left) view's pixel x sees the auxiliary
// (right) view's pixel x - d, with candidate disparities d = 0 ... D-1 in the level's own pixels.
// Everything is computed one candidate at a time over shifted views of the inputs, so no
// [N, C, D, H, W] tensor is ever built (at 1/2 resolution of a large image that would be
// gigabytes), and alignAlongRows works on bands of rows so that even the [N, D, H, W] volume of a
// large image is never whole (rows are independent; a band's volume stays cache-sized).
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace ds {

// What the row search found for one feature level.
struct AuxViewAlignment {
  at::Tensor aligned;     // [N, C, H, W]: sum_d p_d * aux(x - d), the aux features on main's grid
  at::Tensor disparity;   // [N, 1, H, W]: sum_d p_d * d, in the level's pixels
  at::Tensor confidence;  // [N, 1, H, W]: max_d p_d, in (0, 1]
};

// The whole search: p = softmax_d(rowCorrelationVolume(mainKey, auxKey)), then the soft warp of
// auxFeatures, the expected disparity and the peak probability, computed band by band of rows.
// The keys carry the score scale (e.g. unit vectors divided by a temperature); mainKey, auxKey:
// [N, K, H, W]; auxFeatures: [N, C, H, W].
AuxViewAlignment alignAlongRows(const at::Tensor& mainKey, const at::Tensor& auxKey,
                                const at::Tensor& auxFeatures, int64_t numCandidates);

// cost[n, d, y, x] = sum_c main[n, c, y, x] * aux[n, c, y, x - d]; -inf where x - d < 0 (the
// candidate falls outside the aux image, so a softmax gives it zero weight). main and aux:
// [N, C, H, W] of one shape; numCandidates >= 1. Returns [N, numCandidates, H, W].
at::Tensor rowCorrelationVolume(const at::Tensor& main, const at::Tensor& aux,
                                int64_t numCandidates);

// The soft warp: aligned[n, c, y, x] = sum_d prob[n, d, y, x] * aux[n, c, y, x - d], where terms
// with x - d < 0 are zero. aux: [N, C, H, W]; prob: [N, D, H, W]. With a one-hot prob this is an
// exact integer shift.
at::Tensor softWarpAlongRows(const at::Tensor& aux, const at::Tensor& prob);

// The expected disparity sum_d prob[n, d, y, x] * d, as [N, 1, H, W] in the level's pixels.
at::Tensor expectedDisparity(const at::Tensor& prob);

}  // namespace ds
