#include "core/synth/SceneRenderer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/utils.h>

#include <cmath>

#include "core/synth/ProceduralTexture.h"
#include "core/synth/RayCaster.h"

namespace ds {

namespace {

torch::Tensor vec(const Vec3& v, const torch::Device& device) {
  return torch::tensor({v[0], v[1], v[2]}, torch::kFloat32).to(device);
}

torch::Tensor normalized(const torch::Tensor& v) {
  return v / v.norm(2, -1, true).clamp_min(1e-12);
}

struct Basis {
  torch::Tensor right, up, forward;  // [3]
};

// yaw about y, then pitch (up positive), then roll about the optical axis.
Basis cameraBasis(const CameraPose& c, const torch::Device& device) {
  const float cp = std::cos(c.pitch), sp = std::sin(c.pitch);
  const float cy = std::cos(c.yaw), sy = std::sin(c.yaw);
  const Vec3 f{sy * cp, sp, cy * cp};
  // right = up_world x forward, up = forward x right (x right, y up, z forward at yaw 0).
  Vec3 r{f[2], 0, -f[0]};
  const float rl = std::sqrt(r[0] * r[0] + r[2] * r[2]);
  r = {r[0] / rl, 0, r[2] / rl};
  const Vec3 u{f[1] * r[2] - f[2] * r[1], f[2] * r[0] - f[0] * r[2], f[0] * r[1] - f[1] * r[0]};
  const float cr = std::cos(c.roll), sr = std::sin(c.roll);
  Vec3 rr, uu;
  for (int i = 0; i < 3; ++i) {
    rr[size_t(i)] = cr * r[size_t(i)] + sr * u[size_t(i)];
    uu[size_t(i)] = -sr * r[size_t(i)] + cr * u[size_t(i)];
  }
  return {vec(rr, device), vec(uu, device), vec(f, device)};
}

}  // namespace

PinholeCamera PinholeCamera::forFov(int width, int height, double fovDeg) {
  PinholeCamera k;
  k.fx = k.fy = 0.5 * width / std::tan(0.5 * fovDeg * M_PI / 180.0);
  k.cx = 0.5 * width;
  k.cy = 0.5 * height;
  return k;
}

SceneRenderer::SceneRenderer(int width, int height, int aoRays, const torch::Device& device)
    : width_(width), height_(height), aoRays_(aoRays), device_(device) {}

PinholeCamera SceneRenderer::camera(const SceneDescription& scene) const {
  return PinholeCamera::forFov(width_, height_, scene.camera.horizontalFovDeg);
}

RenderedView SceneRenderer::render(const SceneDescription& scene, double rightShift,
                                   uint64_t seed) const {
  torch::NoGradGuard noGrad;
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device_);
  const int64_t H = height_, W = width_, R = H * W;
  const PinholeCamera k = camera(scene);
  const Basis basis = cameraBasis(scene.camera, device_);
  const torch::Tensor origin = vec(scene.camera.position, device_) + float(rightShift) * basis.right;

  const auto xs = (torch::arange(W, f32) + 0.5 - k.cx) / k.fx;
  const auto ys = (torch::arange(H, f32) + 0.5 - k.cy) / k.fy;
  const auto grid = torch::meshgrid({ys, xs}, "ij");
  const auto dirs = normalized(basis.forward.view({1, 3}) +
                               grid[1].reshape({R, 1}) * basis.right.view({1, 3}) -
                               grid[0].reshape({R, 1}) * basis.up.view({1, 3}));
  const auto origins = origin.view({1, 3}).expand({R, 3});

  const RayCaster caster(scene, device_);
  const RayHits hits = caster.cast(origins, dirs);
  const auto hit = torch::isfinite(hits.t);
  const auto t = torch::where(hit, hits.t, torch::zeros_like(hits.t));
  const auto p = origins + t.unsqueeze(1) * dirs;
  const auto n = hits.normal;
  const ProceduralTexture texture(scene.materials, seed, device_);
  const auto albedo = texture.albedo(p, n, hits.material);
  const auto lift = p + n * 2e-3;

  auto direct = torch::zeros({R, 3}, f32);
  for (const Light& light : scene.lights) {
    torch::Tensor l, atten, maxT;
    if (light.directional) {
      l = normalized(vec(light.position, device_)).view({1, 3}).expand({R, 3});
      atten = torch::ones({R}, f32);
      maxT = torch::full({R}, 1e9, f32);
    } else {
      const auto toLight = vec(light.position, device_).view({1, 3}) - p;
      const auto dist = toLight.norm(2, 1);
      l = toLight / dist.clamp_min(1e-6).unsqueeze(1);
      atten = 1.0 / (1.0 + 0.25 * dist.square());
      maxT = dist;
    }
    const auto lambert = (n * l).sum(1).clamp_min(0);
    const auto lit = hit & (lambert > 0);
    const auto visible = (~caster.occluded(lift, l, maxT)).to(torch::kFloat32);
    direct = direct + (torch::where(lit, lambert * atten * visible, torch::zeros_like(lambert)))
                              .unsqueeze(1) *
                          vec(light.colour, device_).view({1, 3});
  }

  // Ambient occlusion: cosine-weighted rays around the normal, short range.
  auto occlusion = torch::zeros({R}, f32);
  if (aoRays_ > 0) {
    at::Generator gen = at::detail::createCPUGenerator(seed ^ 0xA0A0A0A0ull);
    for (int i = 0; i < aoRays_; ++i) {
      const auto u = normalized(torch::randn({R, 3}, gen, torch::kFloat32).to(device_));
      const auto d = normalized(n + u);
      const auto maxT = torch::full({R}, scene.aoRadius, f32);
      occlusion = occlusion + caster.occluded(lift, d, maxT).to(torch::kFloat32);
    }
    occlusion = occlusion / aoRays_;
  }
  const auto ambient = vec(scene.ambient, device_).view({1, 3}) * (1 - 0.85 * occlusion).unsqueeze(1);
  auto radiance = albedo * (ambient + direct);

  // Sky where nothing was hit: horizon to zenith gradient, brighter than the ground.
  const auto up = dirs.select(1, 1).clamp(0, 1).sqrt().unsqueeze(1);
  const auto sky = (vec(scene.skyHorizon, device_).view({1, 3}) * (1 - up) +
                    vec(scene.skyZenith, device_).view({1, 3}) * up) *
                   (0.6 + scene.ambient[1] * 2.0);
  if (scene.fogDensity > 0) {
    const auto keep = torch::exp(-scene.fogDensity * t).unsqueeze(1);
    const auto fog = vec(scene.fogColour, device_).view({1, 3}) * (0.6 + scene.ambient[1] * 2.0);
    radiance = radiance * keep + fog * (1 - keep);
  }
  radiance = torch::where(hit.unsqueeze(1), radiance, scene.sky ? sky : torch::zeros_like(sky));

  const auto z = t * (dirs * basis.forward.view({1, 3})).sum(1);
  RenderedView out;
  out.radiance = radiance.t().reshape({3, H, W}).contiguous();
  out.depth = z.view({1, H, W});
  out.hit = (hit & (z < scene.maxDepth)).view({1, H, W});
  out.normal = n.t().reshape({3, H, W}).contiguous();
  return out;
}

}  // namespace ds
