#include "core/synth/ProceduralTexture.h"

#include <ATen/ATen.h>

namespace ds {

namespace {

torch::Tensor fractional(const torch::Tensor& x) {
  return x - torch::floor(x);
}

torch::Tensor smooth(const torch::Tensor& t) {
  return t * t * (3 - 2 * t);
}

torch::Tensor mix(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& w) {
  return a + (b - a) * w;
}

// 1 inside a line of width `w` (fraction of the period) at the start of every period of x.
torch::Tensor lines(const torch::Tensor& x, double w) {
  return (fractional(x) < w).to(torch::kFloat32);
}

}  // namespace

ProceduralTexture::ProceduralTexture(const std::vector<Material>& materials, uint64_t seed,
                                     const torch::Device& device)
    : seedOffset_(double(seed % 100003) * 0.6180339887) {
  std::vector<float> c1, c2, scale, variation;
  std::vector<int64_t> pattern;
  for (const auto& m : materials) {
    c1.insert(c1.end(), m.colour.begin(), m.colour.end());
    c2.insert(c2.end(), m.colour2.begin(), m.colour2.end());
    pattern.push_back(int64_t(m.pattern));
    scale.push_back(m.scale);
    variation.push_back(m.variation);
  }
  const int64_t n = int64_t(materials.size());
  colour_ = torch::tensor(c1, torch::kFloat32).view({n, 3}).to(device);
  colour2_ = torch::tensor(c2, torch::kFloat32).view({n, 3}).to(device);
  pattern_ = torch::tensor(pattern, torch::kLong).to(device);
  scale_ = torch::tensor(scale, torch::kFloat32).to(device);
  variation_ = torch::tensor(variation, torch::kFloat32).to(device);
}

torch::Tensor ProceduralTexture::hash(const torch::Tensor& ix, const torch::Tensor& iy,
                                      const torch::Tensor& iz) const {
  // The classic sine hash, in float64 so that lattice coordinates in the thousands stay random.
  const auto v = (ix * 127.1 + iy * 311.7 + iz * 74.7 + seedOffset_).sin() * 43758.5453;
  return fractional(v).to(torch::kFloat32);
}

torch::Tensor ProceduralTexture::noise(const torch::Tensor& p) const {
  const auto q = p.to(torch::kFloat64);
  const auto i = torch::floor(q), f = (q - i).to(torch::kFloat32);
  const auto x = i.select(1, 0), y = i.select(1, 1), z = i.select(1, 2);
  const auto u = smooth(f.select(1, 0)), v = smooth(f.select(1, 1)), w = smooth(f.select(1, 2));
  auto corner = [&](int a, int b, int c) { return hash(x + a, y + b, z + c); };
  const auto x00 = mix(corner(0, 0, 0), corner(1, 0, 0), u);
  const auto x10 = mix(corner(0, 1, 0), corner(1, 1, 0), u);
  const auto x01 = mix(corner(0, 0, 1), corner(1, 0, 1), u);
  const auto x11 = mix(corner(0, 1, 1), corner(1, 1, 1), u);
  return mix(mix(x00, x10, v), mix(x01, x11, v), w);
}

torch::Tensor ProceduralTexture::fbm(const torch::Tensor& p, int octaves) const {
  auto sum = torch::zeros({p.size(0)}, p.options().dtype(torch::kFloat32));
  double amplitude = 0.5, total = 0.0, frequency = 1.0;
  for (int k = 0; k < octaves; ++k) {
    sum = sum + amplitude * noise(p * frequency + 17.0 * k);
    total += amplitude;
    amplitude *= 0.5;
    frequency *= 2.03;
  }
  return sum / total;
}

torch::Tensor ProceduralTexture::albedo(const torch::Tensor& points, const torch::Tensor& normals,
                                        const torch::Tensor& material) const {
  const auto m = material.clamp_min(0);
  const auto c1 = colour_.index_select(0, m), c2 = colour2_.index_select(0, m);
  const auto pattern = pattern_.index_select(0, m);
  const auto s = scale_.index_select(0, m), var = variation_.index_select(0, m);
  // Planar coordinates across the dominant normal axis: (x, z) on floors, (z, y) or (x, y) on
  // walls; v runs upwards on walls.
  const auto an = normals.abs();
  const auto X = points.select(1, 0), Y = points.select(1, 1), Z = points.select(1, 2);
  const auto onFloor = (an.select(1, 1) >= an.select(1, 0)) & (an.select(1, 1) >= an.select(1, 2));
  const auto onXWall = ~onFloor & (an.select(1, 0) >= an.select(1, 2));
  const auto u = torch::where(onFloor, X, torch::where(onXWall, Z, X));
  const auto v = torch::where(onFloor, Z, Y);
  const auto uv0 = torch::zeros_like(u);
  const auto p = points * s.unsqueeze(1);
  const auto grain = fbm(points * 40.0, 2) - 0.5;  // fine surface grain, every material
  const auto n = fbm(p * 2.0, 4);

  std::vector<torch::Tensor> w(8);  // weight of colour2 per pattern, [R]
  w[0] = (n - 0.5) * 2 * var + 0.5;
  {  // wood planks along u, 0.12..0.2 m wide
    const auto width = 0.15 / s;
    const auto plank = torch::floor(v / width);
    const auto rings = fractional((v + hash(plank, uv0, uv0) * 3) * s * 9 + fbm(torch::stack({u * 0.8, v * 8, Z}, 1), 3) * 2);
    const auto seam = lines(v / width, 0.035);
    w[1] = torch::clamp(smooth(rings) * var + seam * 0.9, 0, 1);
  }
  {  // brick: 0.075 m rows, 0.22 m bricks, half-brick offset; mortar is colour2
    const auto bh = 0.075 / s, bw = 0.22 / s;
    const auto row = torch::floor(v / bh);
    const auto shifted = u / bw + 0.5 * torch::remainder(row, 2);
    const auto mortar = torch::clamp(lines(v / bh, 0.14) + lines(shifted, 0.05), 0, 1);
    const auto tint = hash(row, torch::floor(shifted), uv0) * var;
    w[2] = torch::clamp(mortar + (1 - mortar) * tint * 0.5, 0, 1);
  }
  {  // tiles: 0.3 m squares, grout colour2; checker when variation > 0.5
    const auto size = 0.3 / s;
    const auto gu = u / size, gv = v / size;
    const auto grout = torch::clamp(lines(gu, 0.04) + lines(gv, 0.04), 0, 1);
    const auto checker = torch::remainder(torch::floor(gu) + torch::floor(gv), 2) *
                         (var > 0.5).to(torch::kFloat32) * 0.6;
    const auto tint = hash(torch::floor(gu), torch::floor(gv), uv0) * 0.25;
    w[3] = torch::clamp(grout + (1 - grout) * (checker + tint), 0, 1);
  }
  w[4] = torch::clamp(0.15 + (n - 0.5) * var + 0.03 * Y, 0, 1);  // paint: mottling, gradient
  {  // facade: 3 m floors and bays, windows (colour2) in the middle of each cell
    const auto fu = fractional(u / 3.2), fv = fractional(v / 3.1);
    const auto window = ((fu > 0.22) & (fu < 0.78) & (fv > 0.3) & (fv < 0.82)).to(torch::kFloat32);
    w[5] = torch::clamp(window * (0.85 + 0.15 * n) + (1 - window) * (n - 0.5) * var, 0, 1);
  }
  {  // fabric: stripes and a fine weave
    const auto stripes = 0.5 + 0.5 * torch::sin(u * s * 25);
    const auto weave = 0.5 + 0.5 * torch::sin(u * 900) * torch::sin(v * 900);
    w[6] = torch::clamp(stripes * var + weave * 0.15, 0, 1);
  }
  w[7] = torch::clamp((fbm(p * 12.0, 3) - 0.5) * 2.5 * var + 0.5, 0, 1);  // ground
  auto weight = torch::zeros_like(u);
  for (int k = 0; k < 8; ++k)
    weight = torch::where(pattern == k, w[size_t(k)], weight);
  auto rgb = mix(c1, c2, weight.clamp(0, 1).unsqueeze(1));
  rgb = rgb * (1 + 0.12 * grain).unsqueeze(1);
  return rgb.clamp(0, 1);
}

}  // namespace ds
