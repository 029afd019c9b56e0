#include "core/diffusion/PredictionConversion.h"

#include <torch/types.h>

#include "core/util/Error.h"

namespace ds {

namespace {

std::string shapeText(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i)
    s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

void requireSameShape(const torch::Tensor& a, const torch::Tensor& b, const char* what) {
  if (!a.defined() || !b.defined())
    throw Error(std::string("diffusion ") + what + ": undefined tensor");
  if (a.sizes() != b.sizes())
    throw Error(std::string("diffusion ") + what + ": tensors of shapes " + shapeText(a) + " and " +
                shapeText(b) + " do not match");
}

// sqrt(a) and sqrt(1 - a) in like's dtype and device, shaped to broadcast over like.
struct Coefficients {
  torch::Tensor signal, noise;
  torch::Tensor alphaBar;  // float64, as given, for the checks of undefined conversions
};

Coefficients coefficients(const torch::Tensor& alphaBar, const torch::Tensor& like,
                          const char* what) {
  if (!alphaBar.defined()) throw Error(std::string("diffusion ") + what + ": alpha_bar undefined");
  torch::Tensor a = alphaBar.to(torch::kFloat64);
  if (a.dim() == 1 && like.dim() >= 1 && a.size(0) == like.size(0)) {
    std::vector<int64_t> shape(size_t(like.dim()), 1);
    shape[0] = a.size(0);
    a = a.reshape(shape);
  } else if (a.dim() != 0) {
    throw Error(std::string("diffusion ") + what + ": alpha_bar of shape " + shapeText(a) +
                " is neither a scalar nor one value per batch element of " + shapeText(like));
  }
  if ((a < 0.0).any().item<bool>() || (a > 1.0).any().item<bool>() || a.isnan().any().item<bool>())
    throw Error(std::string("diffusion ") + what + ": alpha_bar must lie in [0, 1]");
  const auto options = like.options();
  return {a.sqrt().to(options), (1.0 - a).sqrt().to(options), a};
}

torch::Tensor scalarAlphaBar(double a) {
  return torch::scalar_tensor(a, torch::kFloat64);
}

}  // namespace

torch::Tensor noisySample(const torch::Tensor& x0, const torch::Tensor& eps,
                          const torch::Tensor& alphaBar) {
  requireSameShape(x0, eps, "noising");
  const Coefficients c = coefficients(alphaBar, x0, "noising");
  return c.signal * x0 + c.noise * eps;
}

torch::Tensor predictedSample(PredictionType type, const torch::Tensor& output,
                              const torch::Tensor& xt, const torch::Tensor& alphaBar) {
  requireSameShape(output, xt, "x0 estimate");
  const Coefficients c = coefficients(alphaBar, xt, "x0 estimate");
  switch (type) {
    case PredictionType::Epsilon:
      if ((c.alphaBar <= 0.0).any().item<bool>())
        throw Error(
            "diffusion x0 estimate: epsilon prediction cannot give x0 where alpha_bar = 0 (zero "
            "terminal SNR); use v or sample prediction, or a schedule without zeroTerminalSnr");
      return (xt - c.noise * output) / c.signal;
    case PredictionType::V:
      return c.signal * xt - c.noise * output;
    case PredictionType::Sample:
      return output;
  }
  throw Error("diffusion x0 estimate: unknown prediction type " + std::to_string(int(type)));
}

torch::Tensor predictedSample(PredictionType type, const torch::Tensor& output,
                              const torch::Tensor& xt, double alphaBar) {
  return predictedSample(type, output, xt, scalarAlphaBar(alphaBar));
}

torch::Tensor predictedNoise(PredictionType type, const torch::Tensor& output,
                             const torch::Tensor& xt, const torch::Tensor& alphaBar) {
  requireSameShape(output, xt, "noise estimate");
  const Coefficients c = coefficients(alphaBar, xt, "noise estimate");
  switch (type) {
    case PredictionType::Epsilon:
      return output;
    case PredictionType::V:
      return c.noise * xt + c.signal * output;
    case PredictionType::Sample:
      if ((c.alphaBar >= 1.0).any().item<bool>())
        throw Error(
            "diffusion noise estimate: sample prediction cannot give the noise where alpha_bar = "
            "1 (no noise)");
      return (xt - c.signal * output) / c.noise;
  }
  throw Error("diffusion noise estimate: unknown prediction type " + std::to_string(int(type)));
}

torch::Tensor predictedNoise(PredictionType type, const torch::Tensor& output,
                             const torch::Tensor& xt, double alphaBar) {
  return predictedNoise(type, output, xt, scalarAlphaBar(alphaBar));
}

torch::Tensor predictionTarget(PredictionType type, const torch::Tensor& x0,
                               const torch::Tensor& eps, const torch::Tensor& alphaBar) {
  requireSameShape(x0, eps, "training target");
  switch (type) {
    case PredictionType::Epsilon:
      return eps;
    case PredictionType::V: {
      const Coefficients c = coefficients(alphaBar, x0, "training target");
      return c.signal * eps - c.noise * x0;
    }
    case PredictionType::Sample:
      return x0;
  }
  throw Error("diffusion training target: unknown prediction type " + std::to_string(int(type)));
}

torch::Tensor convertPrediction(PredictionType from, PredictionType to, const torch::Tensor& output,
                                const torch::Tensor& xt, const torch::Tensor& alphaBar) {
  if (from == to) {
    requireSameShape(output, xt, "prediction conversion");
    return output;
  }
  return predictionTarget(to, predictedSample(from, output, xt, alphaBar),
                          predictedNoise(from, output, xt, alphaBar), alphaBar);
}

}  // namespace ds
