#include "core/synth/RayCaster.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>
#include <vector>

namespace ds {

namespace {

constexpr int64_t kChunk = 16384;
const float kInf = std::numeric_limits<float>::infinity();

torch::Tensor vec3s(const std::vector<Vec3>& v, const torch::Device& device) {
  std::vector<float> flat;
  for (const auto& a : v) flat.insert(flat.end(), a.begin(), a.end());
  return torch::tensor(flat, torch::kFloat32).view({int64_t(v.size()), 3}).to(device);
}

torch::Tensor floats(const std::vector<float>& v, const torch::Device& device) {
  return torch::tensor(v, torch::kFloat32).to(device);
}

torch::Tensor ints(const std::vector<int64_t>& v, const torch::Device& device) {
  return torch::tensor(v, torch::kLong).to(device);
}

// 1/x with a tiny floor on |x| keeping the sign, so axis-parallel rays stay finite.
torch::Tensor safeInverse(const torch::Tensor& x) {
  const auto sign = torch::where(x >= 0, torch::ones_like(x), -torch::ones_like(x));
  return 1.0 / torch::where(x.abs() < 1e-9, sign * 1e-9, x);
}

struct Candidates {
  std::vector<torch::Tensor> t, normal, material;  // [R, n], [R, n, 3], [n]
};

}  // namespace

RayCaster::RayCaster(const SceneDescription& s, const torch::Device& device) : device_(device) {
  std::vector<Vec3> pn, bc, bh, sc;
  std::vector<float> pd, bcos, bsin, sr, cyl;
  std::vector<int64_t> pm, bm, sm, cm;
  for (const auto& p : s.planes) {
    pn.push_back(p.normal);
    pd.push_back(p.offset);
    pm.push_back(p.material);
  }
  for (const auto& b : s.boxes) {
    bc.push_back(b.centre);
    bh.push_back(b.half);
    bcos.push_back(std::cos(b.yaw));
    bsin.push_back(std::sin(b.yaw));
    bm.push_back(b.material);
  }
  for (const auto& sp : s.spheres) {
    sc.push_back(sp.centre);
    sr.push_back(sp.radius);
    sm.push_back(sp.material);
  }
  for (const auto& c : s.cylinders) {
    cyl.insert(cyl.end(), {c.x, c.z, c.radius, c.y0, c.y1});
    cm.push_back(c.material);
  }
  planeN_ = vec3s(pn, device);
  planeN_ = planeN_ / planeN_.norm(2, 1, true).clamp_min(1e-12);
  planeD_ = floats(pd, device);
  boxC_ = vec3s(bc, device);
  boxH_ = vec3s(bh, device);
  boxCos_ = floats(bcos, device);
  boxSin_ = floats(bsin, device);
  sphereC_ = vec3s(sc, device);
  sphereR_ = floats(sr, device);
  cyl_ = floats(cyl, device).view({int64_t(cm.size()), 5});
  planeM_ = ints(pm, device);
  boxM_ = ints(bm, device);
  sphereM_ = ints(sm, device);
  cylM_ = ints(cm, device);
}

RayHits RayCaster::cast(const torch::Tensor& origins, const torch::Tensor& directions,
                        double minT) const {
  const int64_t R = origins.size(0);
  std::vector<torch::Tensor> t, n, m;
  for (int64_t begin = 0; begin < R; begin += kChunk) {
    const int64_t end = std::min(R, begin + kChunk);
    RayHits h = castChunk(origins.slice(0, begin, end), directions.slice(0, begin, end), minT);
    t.push_back(h.t);
    n.push_back(h.normal);
    m.push_back(h.material);
  }
  return {torch::cat(t), torch::cat(n), torch::cat(m)};
}

torch::Tensor RayCaster::occluded(const torch::Tensor& origins, const torch::Tensor& directions,
                                  const torch::Tensor& maxT, double minT) const {
  return cast(origins, directions, minT).t < maxT;
}

RayHits RayCaster::castChunk(const torch::Tensor& o, const torch::Tensor& d, double minT) const {
  const int64_t R = o.size(0);
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device_);
  Candidates c;
  auto keep = [&](torch::Tensor t, torch::Tensor normal, const torch::Tensor& material) {
    t = torch::where((t > minT) & torch::isfinite(t), t, torch::full_like(t, kInf));
    // Face the ray: a two-sided surface is seen from either side.
    const auto facing = (normal * d.unsqueeze(1)).sum(2, true) > 0;
    normal = torch::where(facing, -normal, normal);
    c.t.push_back(t);
    c.normal.push_back(normal);
    c.material.push_back(material);
  };

  if (planeN_.size(0) > 0) {
    const auto denom = d.matmul(planeN_.t());                     // [R, P]
    auto t = (planeD_.unsqueeze(0) - o.matmul(planeN_.t())) * safeInverse(denom);
    t = torch::where(denom.abs() < 1e-9, torch::full_like(t, kInf), t);  // parallel: no hit
    keep(t, planeN_.unsqueeze(0).expand({R, -1, 3}), planeM_);
  }
  if (boxC_.size(0) > 0) {
    const auto rel = o.unsqueeze(1) - boxC_.unsqueeze(0);  // [R, B, 3]
    const auto cs = boxCos_.unsqueeze(0), sn = boxSin_.unsqueeze(0);
    auto toLocal = [&](const torch::Tensor& v) {  // world -> box frame (rotation about y)
      const auto x = v.select(2, 0), y = v.select(2, 1), z = v.select(2, 2);
      return torch::stack({cs * x - sn * z, y, sn * x + cs * z}, 2);
    };
    const auto lo = toLocal(rel), ld = toLocal(d.unsqueeze(1).expand({R, boxC_.size(0), 3}));
    const auto inv = safeInverse(ld);
    const auto h = boxH_.unsqueeze(0);
    const auto t1 = (-h - lo) * inv, t2 = (h - lo) * inv;
    const auto tmin = torch::minimum(t1, t2), tmax = torch::maximum(t1, t2);
    const auto [tnear, axis] = tmin.max(2);
    const auto tfar = std::get<0>(tmax.min(2));
    const auto hit = (tfar >= tnear) & (tnear > minT);
    const auto t = torch::where(hit, tnear, torch::full_like(tnear, kInf));
    // Normal: the entry axis, against the ray's local direction; back to the world frame.
    const auto onehot = torch::one_hot(axis, 3).to(torch::kFloat32);
    const auto local = -onehot * torch::sign(ld);
    const auto lx = local.select(2, 0), ly = local.select(2, 1), lz = local.select(2, 2);
    const auto normal = torch::stack({cs * lx + sn * lz, ly, -sn * lx + cs * lz}, 2);
    keep(t, normal, boxM_);
  }
  if (sphereC_.size(0) > 0) {
    const auto oc = o.unsqueeze(1) - sphereC_.unsqueeze(0);  // [R, S, 3]
    const auto b = (oc * d.unsqueeze(1)).sum(2);
    const auto cc = oc.square().sum(2) - sphereR_.square().unsqueeze(0);
    const auto disc = b.square() - cc;
    const auto sq = disc.clamp_min(0).sqrt();
    const auto t0 = -b - sq, t1 = -b + sq;
    auto t = torch::where(t0 > minT, t0, t1);
    t = torch::where(disc >= 0, t, torch::full_like(t, kInf));
    const auto p = oc + t.clamp_max(1e6).unsqueeze(2) * d.unsqueeze(1);
    keep(t, p / sphereR_.view({1, -1, 1}), sphereM_);
  }
  if (cyl_.size(0) > 0) {
    const auto cx = cyl_.select(1, 0).unsqueeze(0), cz = cyl_.select(1, 1).unsqueeze(0);
    const auto r = cyl_.select(1, 2).unsqueeze(0), y0 = cyl_.select(1, 3).unsqueeze(0),
               y1 = cyl_.select(1, 4).unsqueeze(0);
    const auto ox = o.select(1, 0).unsqueeze(1) - cx, oz = o.select(1, 2).unsqueeze(1) - cz;
    const auto oy = o.select(1, 1).unsqueeze(1);
    const auto dx = d.select(1, 0).unsqueeze(1), dy = d.select(1, 1).unsqueeze(1),
               dz = d.select(1, 2).unsqueeze(1);
    const auto a = (dx.square() + dz.square()).clamp_min(1e-12);
    const auto b = ox * dx + oz * dz;
    const auto cc = ox.square() + oz.square() - r.square();
    const auto disc = b.square() - a * cc;
    const auto sq = disc.clamp_min(0).sqrt();
    auto side = (-b - sq) / a;
    side = torch::where((disc >= 0) & (side > minT), side, torch::full_like(side, kInf));
    const auto ys = oy + side.clamp_max(1e6) * dy;
    side = torch::where((ys >= y0) & (ys <= y1), side, torch::full_like(side, kInf));
    auto cap = [&](const torch::Tensor& y) {
      const auto t = (y - oy) * safeInverse(dy.expand_as(y - oy));
      const auto px = ox + t * dx, pz = oz + t * dz;
      return torch::where((t > minT) & (px.square() + pz.square() <= r.square()), t,
                          torch::full_like(t, kInf));
    };
    const auto top = cap(y1), bottom = cap(y0);
    const auto capT = torch::minimum(top, bottom);
    const auto t = torch::minimum(side, capT);
    const auto px = ox + side.clamp_max(1e6) * dx, pz = oz + side.clamp_max(1e6) * dz;
    const auto sideN = torch::stack({px / r, torch::zeros_like(px), pz / r}, 2);
    const auto capN = torch::stack({torch::zeros_like(px), torch::ones_like(px),
                                    torch::zeros_like(px)}, 2);
    keep(t, torch::where((side <= capT).unsqueeze(2), sideN, capN), cylM_);
  }

  RayHits hits;
  if (c.t.empty()) {
    hits.t = torch::full({R}, kInf, f32);
    hits.normal = torch::zeros({R, 3}, f32);
    hits.material = torch::full({R}, -1, f32.dtype(torch::kLong));
    return hits;
  }
  const auto all = torch::cat(c.t, 1);
  const auto [t, index] = all.min(1);
  const auto normals = torch::cat(c.normal, 1);
  const auto materials = torch::cat(c.material, 0);
  const auto missed = torch::isinf(t);
  hits.t = t;
  hits.normal = torch::where(missed.unsqueeze(1), torch::zeros({1, 3}, f32),
                             normals.gather(1, index.view({R, 1, 1}).expand({R, 1, 3})).squeeze(1));
  hits.material = torch::where(missed, torch::full_like(index, -1), materials.index_select(0, index));
  return hits;
}

}  // namespace ds
