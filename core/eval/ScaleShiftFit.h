#pragma once
// Weighted least-squares fit of target ≈ scale * prediction + shift over masked pixels. Shared by
// evaluation alignment, stereo's metric alignment and (later) training losses.
#include <cstddef>
#include <cstdint>

namespace ds {

struct ScaleShift {
  double scale = 1.0;
  double shift = 0.0;
  size_t samples = 0;       // pixels that entered the fit
  bool degenerate = false;  // too few pixels, a constant prediction, or a non-positive scale
};

// Minimises sum_i w_i (scale * p_i + shift - t_i)^2 over i with mask[i] != 0 (mask may be null,
// weights may be null = 1). With requirePositiveScale (the default) a fit whose scale comes out
// <= 0 is replaced by scale 0 and shift = weighted mean of the target: alignment never flips a
// prediction upside down; such a prediction scores as a constant.
ScaleShift fitScaleShift(const float* prediction, const float* target, const uint8_t* mask,
                         size_t count, const float* weights = nullptr,
                         bool requirePositiveScale = true);

}  // namespace ds
