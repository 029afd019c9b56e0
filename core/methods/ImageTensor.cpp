#include "core/methods/ImageTensor.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/vision.h>

#include <cmath>

#include "core/util/Error.h"

namespace ds {

namespace F = torch::nn::functional;

namespace {

torch::Tensor resized(const torch::Tensor& x, int width, int height, bool antialias) {
  if (x.size(2) == height && x.size(3) == width) return x;
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{height, width})
                               .mode(torch::kBilinear)
                               .align_corners(false)
                               .antialias(antialias));
}

}  // namespace

torch::Tensor networkImage(const Image& image, int width, int height) {
  if (image.empty()) throw Error("network input: the image is empty");
  const Image rgb = image.toRgb();
  auto pixels = torch::from_blob(const_cast<float*>(rgb.pixels().data()),
                                 {1, rgb.height(), rgb.width(), 3}, torch::kFloat32);
  torch::Tensor nchw = pixels.permute({0, 3, 1, 2}).contiguous();
  const bool shrinking = width < rgb.width() || height < rgb.height();
  return (resized(nchw, width, height, shrinking) * 2.0 - 1.0).contiguous();
}

Image imageFrom(const torch::Tensor& rgb01) {
  torch::Tensor t = rgb01.detach();
  if (t.dim() == 4 && t.size(0) == 1) t = t.squeeze(0);
  if (t.dim() != 3 || t.size(0) != 3) throw Error("image from tensor: expected [3, H, W]");
  t = t.to(torch::kCPU, torch::kFloat32).clamp(0, 1).permute({1, 2, 0}).contiguous();
  const int h = int(t.size(0)), w = int(t.size(1));
  std::vector<float> pixels(t.data_ptr<float>(), t.data_ptr<float>() + size_t(h) * w * 3);
  return Image(w, h, 3, std::move(pixels));
}

std::pair<torch::Tensor, torch::Tensor> depthTensors(const DepthMap& depth, int width, int height) {
  if (depth.empty()) throw Error("network input: the depth map is empty");
  const int w = depth.width(), h = depth.height();
  torch::Tensor values =
      torch::from_blob(const_cast<float*>(depth.values().data()), {1, 1, h, w}, torch::kFloat32)
          .clone();
  const torch::Tensor valid =
      torch::from_blob(const_cast<uint8_t*>(depth.validMask().data()), {1, 1, h, w}, torch::kUInt8)
          .to(torch::kFloat32);
  values = torch::where(valid > 0, values, torch::zeros_like(values));
  const bool shrinking = width < w || height < h;
  const torch::Tensor weight = resized(valid, width, height, shrinking);
  const torch::Tensor sum = resized(values * valid, width, height, shrinking);
  const torch::Tensor ok = weight >= 0.5;
  const torch::Tensor mean = torch::where(ok, sum / weight.clamp_min(1e-6), torch::zeros_like(sum));
  return {mean.contiguous(), ok.contiguous()};
}

DepthMap depthMapFrom(const torch::Tensor& values, const torch::Tensor& valid, DepthKind kind,
                      int width, int height) {
  if (!values.defined() || values.dim() != 4 || values.size(0) != 1 || values.size(1) != 1)
    throw Error("depth from network: expected a [1, 1, H, W] map");
  torch::Tensor v = values.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  torch::Tensor ok;
  if (valid.defined()) {
    const torch::Tensor weight = valid.detach().to(torch::kCPU, torch::kFloat32);
    const torch::Tensor w = resized(weight, width, height, false);
    const torch::Tensor sum =
        resized(torch::where(weight > 0, v, torch::zeros_like(v)) * weight, width, height, false);
    ok = w >= 0.5;
    v = torch::where(ok, sum / w.clamp_min(1e-6), torch::zeros_like(sum));
  } else {
    v = resized(v, width, height, false);
    ok = torch::ones_like(v, torch::kBool);
  }
  ok = ok & torch::isfinite(v);
  if (kind != DepthKind::RelativeInverseDepth) ok = ok & (v > 0);
  v = v.contiguous();
  ok = ok.to(torch::kUInt8).contiguous();
  const size_t n = size_t(width) * size_t(height);
  std::vector<float> outValues(v.data_ptr<float>(), v.data_ptr<float>() + n);
  std::vector<uint8_t> outValid(ok.data_ptr<uint8_t>(), ok.data_ptr<uint8_t>() + n);
  return DepthMap(width, height, kind, std::move(outValues), std::move(outValid));
}

}  // namespace ds
