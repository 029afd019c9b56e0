#include "core/synth/SynthGenerator.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/utils.h>

#include <random>

#include "core/synth/SceneRenderer.h"
#include "core/synth/SceneSampler.h"

namespace ds {

namespace F = torch::nn::functional;

namespace {

double unitHash(uint64_t seed, uint64_t salt) {
  std::mt19937_64 rng(seed * 0xD1B54A32D192ED03ull + salt);
  return std::uniform_real_distribution<double>(0, 1)(rng);
}

// A camera's processing of linear radiance, the same for both views of a pair.
struct CameraResponse {
  double exposure = 1, noise = 0.01, vignette = 0.2;
  float balance[3] = {1, 1, 1};

  CameraResponse(const torch::Tensor& radiance, std::mt19937_64& rng, bool lowLight) {
    std::uniform_real_distribution<double> u(0, 1);
    const auto lum = radiance.mean(0).flatten();
    const double median = std::max(1e-4, lum.median().item<double>());
    exposure = 0.2 * std::pow(2.0, (u(rng) - 0.5) * 1.6) / median;  // +-0.8 EV around mid grey
    noise = 0.003 + 0.02 * u(rng) * u(rng);
    vignette = 0.35 * u(rng);
    for (float& b : balance)
      b = float(0.92 + 0.16 * u(rng));
    if (lowLight) {  // a consumer depth camera indoors: 1-2.5 EV under, strong cast, more grain
      exposure *= std::pow(2.0, -1.0 - 1.5 * u(rng));
      for (float& b : balance)
        b = float(0.7 + 0.6 * u(rng));
      noise += 0.015 * u(rng);
    }
  }

  torch::Tensor apply(const torch::Tensor& radiance, at::Generator& gen) const {
    const int64_t H = radiance.size(1), W = radiance.size(2);
    auto x = radiance * exposure;
    x = x * torch::tensor({balance[0], balance[1], balance[2]}, radiance.options()).view({3, 1, 1});
    // Vignetting: darker towards the corners.
    const auto yy = torch::linspace(-1, 1, H, radiance.options()).view({H, 1});
    const auto xx = torch::linspace(-1, 1, W, radiance.options()).view({1, W});
    x = x * (1 - vignette * (xx.square() + yy.square()) * 0.5).unsqueeze(0);
    // Filmic-like shoulder (white point ~2), then display gamma.
    x = x * (1 + x / 4) / (1 + x);
    x = x.clamp(0, 1).pow(1 / 2.2);
    const auto grain =
        torch::randn({1, H, W}, gen, torch::kFloat32).to(radiance.device()) * noise +
        torch::randn({3, H, W}, gen, torch::kFloat32).to(radiance.device()) * noise * 0.4;
    return (x + grain).clamp(0, 1);
  }
};

// Sensor-like holes: blobs of missing depth, more where the range is long, and along
// discontinuities (where active sensors and stereo fail).
torch::Tensor holes(const torch::Tensor& depth, const torch::Tensor& valid, at::Generator& gen) {
  const int64_t H = depth.size(1), W = depth.size(2);
  auto blob = torch::rand({1, 1, std::max<int64_t>(H / 16, 2), std::max<int64_t>(W / 16, 2)}, gen,
                          torch::kFloat32)
                  .to(depth.device());
  blob = F::interpolate(blob, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{H, W})
                                  .mode(torch::kBilinear)
                                  .align_corners(false))
             .squeeze(0);
  const auto maxD = depth.masked_select(valid).max().clamp_min(1e-3);
  const auto far = depth / maxD;
  auto missing = blob > (0.97 - 0.2 * far);
  // Depth edges: a relative jump over 8% to a neighbour.
  const auto d = torch::where(valid, depth, torch::zeros_like(depth));
  const auto dx = (d.slice(2, 1) - d.slice(2, 0, -1)).abs() / d.slice(2, 1).clamp_min(1e-3);
  auto edge = torch::zeros_like(valid);
  edge.slice(2, 1) = dx > 0.08;
  const auto edgeNoise = torch::rand({1, H, W}, gen, torch::kFloat32).to(depth.device()) < 0.5;
  missing = missing | (edge & edgeNoise);
  return valid & ~missing;
}

}  // namespace

SynthGenerator::SynthGenerator(const SynthOptions& options, const torch::Device& device)
    : options_(options), device_(device) {
  options_.check();
}

SceneKind SynthGenerator::kindFor(uint64_t seed) const {
  const double u = unitHash(seed, 1);
  if (u < options_.indoorShare) return SceneKind::Indoor;
  if (u < options_.indoorShare + options_.streetShare) return SceneKind::Street;
  return SceneKind::Landscape;
}

SynthSample SynthGenerator::generate(uint64_t seed) const {
  torch::NoGradGuard noGrad;
  SynthSample s;
  s.seed = seed;
  s.kind = kindFor(seed);
  const SceneDescription scene = SceneSampler::sample(s.kind, seed, options_.world);
  const SceneRenderer renderer(options_.width, options_.height, options_.aoRays, device_);
  const PinholeCamera k = renderer.camera(scene);
  s.fx = k.fx;
  s.fy = k.fy;
  s.cx = k.cx;
  s.cy = k.cy;
  const RenderedView left = renderer.render(scene, 0.0, seed);
  std::mt19937_64 rng(seed ^ 0x5DEECE66Dull);
  at::Generator gen = at::detail::createCPUGenerator(seed ^ 0x2545F4914F6CDD1Dull);
  // World 1 draws nothing extra, so its frames stay bit-exact.
  const bool lowLight =
      options_.world >= 2 && s.kind == SceneKind::Indoor && unitHash(seed, 2) < 0.3;
  const CameraResponse response(left.radiance, rng, lowLight);
  s.rgb = response.apply(left.radiance, gen);
  s.valid = left.hit;
  if (options_.holes && std::uniform_real_distribution<double>(0, 1)(rng) < 0.7)
    s.valid = holes(left.depth, left.hit, gen);
  s.depth = torch::where(s.valid, left.depth, torch::zeros_like(left.depth));
  if (options_.stereo) {
    s.baseline =
        std::uniform_real_distribution<double>(options_.baselineMin, options_.baselineMax)(rng);
    s.right = response.apply(renderer.render(scene, s.baseline, seed + 1).radiance, gen);
  }
  return s;
}

}  // namespace ds
