// Measures AV-LFE's matching: the restorer's row search (AuxViewEnhancer::alignAux) on the base's
// level-0/1 features of a rectified pair, its expected disparity against the true disparity, with
// the same working size and border padding the pipeline uses. The restorer is trained on depth
// alone, never on disparity, so this says whether its fusion sees the right pixels of the other
// view. Ground truth: the Middlebury Aloe pair (8-bit disparity png), or a `synth --stereo` folder
// (disparity fx * baseline / depth).
//
// usage: depthstudio-avlfe-matching BASE_CARD RESTORER_CARD aloe LEFT RIGHT GT_PNG
//        depthstudio-avlfe-matching BASE_CARD RESTORER_CARD synth FOLDER
//        options after these: --size N (long side, default: the card's), --identity-projection
#include <ATen/ATen.h>
#include <torch/utils.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/methods/BorderPadding.h"
#include "core/methods/BuiltinNetworks.h"
#include "core/methods/ImageTensor.h"
#include "core/methods/WorkingResolution.h"
#include "core/models/ModelCard.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;
using namespace ds;

namespace {

struct LevelScore {
  double frames = 0, epe = 0, median = 0, within1 = 0, within05 = 0, confidence = 0, truth = 0;
  void add(const torch::Tensor& err, const torch::Tensor& conf, const torch::Tensor& truth) {
    frames += 1;
    epe += err.mean().item<double>();
    median += err.median().item<double>();
    within1 += (err < 1).to(torch::kDouble).mean().item<double>();
    within05 += (err < 0.5).to(torch::kDouble).mean().item<double>();
    confidence += conf.mean().item<double>();
    this->truth += truth.mean().item<double>();
  }
};

struct Pair {
  std::string id;
  Image left, right;
  torch::Tensor disparity, valid;  // [1, 1, H, W] at the images' resolution, px
};

struct Matcher {
  BaseDepthNet base{nullptr};
  FeatureRestorer restorer{nullptr};
  BorderPadding border;
  int longSide = 0;
  LevelScore levels[2];

  void score(const Pair& p) {
    const auto wr = WorkingResolution::forImage(p.left.width(), p.left.height(), longSide, 16);
    const double toWorking = double(wr.width) / p.left.width();
    const auto left = base->features(border.pad(networkImage(p.left, wr.width, wr.height)));
    const auto right = base->features(border.pad(networkImage(p.right, wr.width, wr.height)));
    const torch::Tensor valid = p.valid.to(torch::kFloat);
    for (int level = 0; level < 2; ++level) {
      const int stride = AuxViewEnhancerImpl::stride(level);
      const AuxViewAlignment a = restorer->auxView()->alignAux(level, left[level], right[level]);
      const int64_t pad = border.pixels() / stride;
      const auto crop = [pad](const torch::Tensor& t) {
        return t.slice(2, pad, t.size(2) - pad).slice(3, pad, t.size(3) - pad);
      };
      const torch::Tensor d = crop(a.disparity), conf = crop(a.confidence);
      // The truth on the level's grid: the mean over each cell, counted where all of it is valid.
      const std::vector<int64_t> grid{d.size(2), d.size(3)};
      const torch::Tensor cover = at::adaptive_avg_pool2d(valid, grid);
      const torch::Tensor truth = at::adaptive_avg_pool2d(p.disparity * valid, grid) /
                                  cover.clamp_min(1e-6) * (toWorking / stride);
      const torch::Tensor keep = cover > 0.99;
      if (keep.sum().item<int64_t>() == 0) continue;
      levels[level].add((d - truth).abs().masked_select(keep), conf.masked_select(keep),
                        truth.masked_select(keep));
    }
  }
};

torch::Tensor tensorOf(const DepthMap& m, bool validity) {
  torch::Tensor t = torch::zeros({1, 1, m.height(), m.width()});
  auto a = t.accessor<float, 4>();
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x)
      a[0][0][y][x] = validity ? float(m.isValid(x, y)) : (m.isValid(x, y) ? m.at(x, y) : 0.f);
  return t;
}

Pair aloePair(const fs::path& left, const fs::path& right, const fs::path& gt) {
  Pair p{"aloe", readImage(left), readImage(right), {}, {}};
  // 8-bit disparity in pixels, 0 = unknown.
  const Image d = readImage(gt);
  if (d.width() != p.left.width() || d.height() != p.left.height() || d.sourceBitDepth() != 8)
    throw Error::file(gt, "must be an 8-bit disparity image the size of the left image");
  p.disparity = torch::zeros({1, 1, d.height(), d.width()});
  auto a = p.disparity.accessor<float, 4>();
  for (int y = 0; y < d.height(); ++y)
    for (int x = 0; x < d.width(); ++x)
      a[0][0][y][x] = std::round(d.at(x, y) * 255.f);
  p.valid = p.disparity > 0;
  return p;
}

Pair synthPair(const fs::path& folder) {
  const fs::path info = folder / "intrinsics.json";
  std::ifstream in(info);
  if (!in) throw Error::file(info, "cannot be opened");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const std::exception& e) {
    throw Error::file(info, std::string("is not valid JSON: ") + e.what());
  }
  if (!j.contains("baseline_m") || !j.contains("fx") || !j.contains("depth_scale"))
    throw Error::file(info, "needs fx, baseline_m and depth_scale (a `synth --stereo` frame)");
  const double fx = j.at("fx").get<double>(), baseline = j.at("baseline_m").get<double>();
  Pair p{folder.filename().string(),
         readImage(folder / "rgb.png"),
         readImage(folder / "right.png"),
         {},
         {}};
  const DepthMap depth =
      readDepth(folder / "depth.png",
                DepthReadOptions{j.at("depth_scale").get<double>(), DepthKind::MetricDepth});
  p.valid = tensorOf(depth, true) > 0.5;
  p.disparity = torch::where(p.valid, fx * baseline / tensorOf(depth, false).clamp_min(1e-6),
                             torch::zeros({1}));
  return p;
}

int run(const std::vector<std::string>& args) {
  if (args.size() < 4 || (args[2] == "aloe" && args.size() < 6) ||
      (args[2] != "aloe" && args[2] != "synth"))
    throw std::invalid_argument("usage");
  torch::NoGradGuard noGrad;
  at::set_num_threads(1);  // comparable timings are not the point; one thread leaves a core free
  const ModelCard baseCard = ModelCard::read(args[0]), restorerCard = ModelCard::read(args[1]);
  Matcher m;
  m.base = loadBaseDepthNet(baseCard, torch::kCPU);
  m.restorer = loadFeatureRestorer(restorerCard, torch::kCPU);
  m.border = BorderPadding(baseCard.borderPadding);
  m.longSide = std::max(restorerCard.inputWidth, restorerCard.inputHeight);
  const size_t firstOption = args[2] == "aloe" ? 6 : 4;
  for (size_t i = firstOption; i < args.size(); ++i) {
    if (args[i] == "--size" && i + 1 < args.size()) {
      m.longSide = std::atoi(args[++i].c_str());
    } else if (args[i] == "--identity-projection") {
      // The matching keys' 1x1 projections back to their initial identity: matching on the
      // standardised base features alone, as before training.
      for (auto& kv : m.restorer->auxView()->named_parameters())
        if (kv.key().rfind("projections.", 0) == 0) {
          const int64_t c = kv.value().size(0);
          kv.value().copy_(torch::eye(c).view({c, c, 1, 1}));
        }
    } else {
      throw std::invalid_argument("usage");
    }
  }
  if (args[2] == "aloe") {
    m.score(aloePair(args[3], args[4], args[5]));
  } else {
    if (!fs::is_directory(args[3])) throw Error::file(args[3], "is not a folder");
    std::vector<fs::path> frames;
    for (const auto& e : fs::directory_iterator(args[3]))
      if (fs::exists(e.path() / "right.png")) frames.push_back(e.path());
    if (frames.empty()) throw Error::file(args[3], "has no frame folder with right.png");
    for (const fs::path& f : frames)
      m.score(synthPair(f));
  }
  std::printf("%-6s %6s %6s %8s %8s %8s %8s %8s %8s\n", "level", "stride", "frames", "truth", "EPE",
              "median", "<1px", "<0.5px", "conf");
  for (int l = 0; l < 2; ++l) {
    const LevelScore& s = m.levels[l];
    const double n = std::max(1.0, s.frames);
    std::printf("%-6d %6d %6.0f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", l,
                AuxViewEnhancerImpl::stride(l), s.frames, s.truth / n, s.epe / n, s.median / n,
                s.within1 / n, s.within05 / n, s.confidence / n);
  }
  std::printf("(disparities in each level's pixels; means over frames)\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::invalid_argument&) {
    std::fprintf(stderr,
                 "usage: %s BASE_CARD RESTORER_CARD aloe LEFT RIGHT GT_PNG [options]\n"
                 "       %s BASE_CARD RESTORER_CARD synth FOLDER [options]\n"
                 "options: --size N (working long side), --identity-projection\n",
                 argv[0], argv[0]);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
