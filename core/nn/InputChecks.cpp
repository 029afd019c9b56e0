#include "core/nn/InputChecks.h"

#include <ATen/ATen.h>

#include "core/util/Error.h"

namespace ds {

std::string spatialSizeText(const torch::Tensor& x) {
  return std::to_string(x.size(-2)) + "x" + std::to_string(x.size(-1));
}

std::string listText(const std::vector<int64_t>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

static std::string shapeText(const torch::Tensor& x) {
  return listText(std::vector<int64_t>(x.sizes().begin(), x.sizes().end()));
}

void requireImageBatch(const torch::Tensor& x, int64_t channels, const std::string& who,
                       const std::string& what) {
  if (!x.defined()) throw Error(who + ": " + what + " is missing (undefined tensor)");
  if (x.dim() != 4)
    throw Error(who + ": " + what + " must be a 4-D tensor [N, " + std::to_string(channels) +
                ", H, W], got shape " + shapeText(x));
  if (!x.is_floating_point())
    throw Error(who + ": " + what + " must be a floating-point tensor, got " +
                std::string(c10::toString(x.scalar_type())));
  if (x.size(1) != channels)
    throw Error(who + ": " + what + " has " + std::to_string(x.size(1)) + " channels, expected " +
                std::to_string(channels) + " (shape " + shapeText(x) + ")");
  if (x.size(0) == 0 || x.size(2) == 0 || x.size(3) == 0)
    throw Error(who + ": " + what + " is empty (shape " + shapeText(x) + ")");
}

void requireSizeMultiple(const torch::Tensor& x, int64_t multiple, const std::string& who) {
  if (x.size(-2) % multiple != 0 || x.size(-1) % multiple != 0)
    throw Error(who + ": input size " + spatialSizeText(x) + " (HxW) is not a multiple of " +
                std::to_string(multiple) + "; resize or pad it to a multiple of " +
                std::to_string(multiple));
}

void requireSpatialRatio(const torch::Tensor& a, const std::string& aName, const torch::Tensor& b,
                         const std::string& bName, int64_t scale, const std::string& who) {
  if (a.size(0) != b.size(0))
    throw Error(who + ": " + aName + " has batch " + std::to_string(a.size(0)) + " but " + bName +
                " has batch " + std::to_string(b.size(0)));
  if (b.size(2) != a.size(2) * scale || b.size(3) != a.size(3) * scale)
    throw Error(who + ": " + bName + " is " + spatialSizeText(b) + " but must be " +
                (scale == 1 ? std::string("the size") : std::to_string(scale) + "x the size") +
                " of " + aName + " (" + spatialSizeText(a) + ")");
}

torch::Tensor requireTimesteps(const torch::Tensor& t, int64_t batch, const torch::Device& device,
                               const std::string& who) {
  if (!t.defined()) throw Error(who + ": timesteps are missing (undefined tensor)");
  if (t.dim() != 1 || (t.size(0) != batch && t.size(0) != 1))
    throw Error(who + ": timesteps must be a 1-D tensor of " + std::to_string(batch) +
                " (or 1) entries, got shape " + shapeText(t));
  if (t.is_floating_point() || t.is_complex() || t.scalar_type() == at::kBool)
    throw Error(who + ": timesteps must be integers (int64), got " +
                std::string(c10::toString(t.scalar_type())));
  return t.to(device, at::kLong).expand({batch});
}

}  // namespace ds
