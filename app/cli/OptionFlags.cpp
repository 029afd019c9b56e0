#include "app/cli/OptionFlags.h"

#include <string>
#include <tuple>

#include "core/util/Error.h"

namespace ds::cli {

void addGeometryFlags(ArgParser& p) {
  p.repeated("points", "FILE", "write a coloured point cloud (.ply .pcd .xyz)");
  p.repeated("mesh", "FILE", "write a coloured mesh (.ply .obj .gltf .glb .stl)");
  p.repeated("normals", "FILE", "write the normal map as an image (.png)");
  p.repeated("depth", "FILE", "write the depth as .npy .pfm .exr or 16-bit .png");
  p.option("mesh-threshold", "F",
           "drop mesh triangles whose depths differ by more than this fraction", "0.05");
  p.option("mesh-stride", "N", "mesh vertex every N pixels", "1");
  p.option("decimate", "N", "decimate the mesh to about N triangles (0 = keep all)", "0");
  p.option("point-stride", "N", "point every N pixels", "1");
  p.option("normal-radius", "N",
           "normals from a plane fit over a (2N+1)^2 window (0 = automatic: 1/100 of the image)",
           "0");
}

GeometryExportRequest geometryRequestFrom(const ArgParser& p) {
  GeometryExportRequest r;
  for (const auto& f : p.getAll("points"))
    r.pointClouds.emplace_back(f);
  for (const auto& f : p.getAll("mesh"))
    r.meshes.emplace_back(f);
  for (const auto& f : p.getAll("normals"))
    r.normalMaps.emplace_back(f);
  for (const auto& f : p.getAll("depth"))
    r.depthFiles.emplace_back(f);
  r.mesh.discontinuityThreshold = float(p.getDouble("mesh-threshold"));
  r.mesh.stride = p.getInt("mesh-stride");
  const int decimate = p.getInt("decimate");
  if (decimate < 0) throw UsageError("--decimate must not be negative");
  r.mesh.targetTriangles = size_t(decimate);
  r.pointStride = p.getInt("point-stride");
  r.mesh.normals.radius = p.getInt("normal-radius");
  return r;
}

void addColormapFlags(ArgParser& p) {
  p.option("colormap", "NAME", "turbo, viridis, inferno or gray", "turbo");
  p.option("range", "MODE", "colour range: percentile (2-98%), auto (min-max) or manual",
           "percentile");
  p.option("range-min", "V", "manual range: value at the near end");
  p.option("range-max", "V", "manual range: value at the far end");
}

ColormapOptions colormapOptionsFrom(const ArgParser& p) {
  ColormapOptions o;
  const auto name = parseColormapName(p.get("colormap"));
  if (!name)
    throw UsageError("--colormap '" + p.get("colormap") +
                     "' is not one of turbo, viridis, inferno, gray");
  o.map = *name;
  const auto range = parseRangeMode(p.get("range"));
  if (!range)
    throw UsageError("--range '" + p.get("range") + "' is not one of percentile, auto, manual");
  o.range = *range;
  if (o.range == RangeMode::Manual) {
    if (!p.has("range-min") || !p.has("range-max"))
      throw UsageError("--range manual needs --range-min and --range-max");
    o.lo = p.getDouble("range-min");
    o.hi = p.getDouble("range-max");
  }
  o.check();
  return o;
}

void addPipelineFlags(ArgParser& p) {
  p.option("model", "NAME|PATH", "base depth model (see 'depthstudio-cli models')");
  p.option("threads", "N", "CPU threads for the model (0 = all cores)", "0");
  p.flag("no-stereo", "with a stereo pair, do not run the stereo matcher");
  p.option("stereo-mode", "MODE", "stereo matcher: 3way, sgbm, hh or hh4", "3way");
  p.option("num-disparities", "N", "stereo search range in pixels (multiple of 16, 0 = auto)", "0");
  p.option("stereo-block", "N", "stereo matching window (odd)", "3");
  p.option("stereo-downscale", "F", "match at this fraction of the size (faster)", "1");
  p.flag("no-fill", "leave stereo holes (occlusions) unfilled");
  p.flag("restore", "restore the built-in base's features by diffusion (InvT-IndDiffusion)");
  p.flag("refine", "refine the best depth so far by diffusion (BetterDepth)");
  p.flag("depthgen", "sample depth from noise given the image alone (DepthGen)");
  const PipelineOptions d;
  p.option("steps", "N",
           "diffusion steps of every diffusion stage (default: each stage's own, below)");
  p.option("restore-steps", "N",
           "diffusion steps of the restorer (default: --steps, else " +
               std::to_string(d.restore.sampling.steps) + ")");
  p.option("refine-steps", "N",
           "diffusion steps of the refiner (default: --steps, else " +
               std::to_string(d.refine.sampling.steps) + ")");
  p.option("depthgen-steps", "N",
           "diffusion steps of DepthGen (default: --steps, else " +
               std::to_string(d.depthgen.sampling.steps) + ")");
  p.option("ensemble", "K", "samples per diffusion stage, run as one batch (uncertainty)", "1");
  p.option("seed", "S", "seed of the diffusion noise", "0");
  p.option("eta", "F", "DDIM stochasticity, 0 (deterministic) .. 1", "0");
  p.option("sampler", "NAME", "ddim or ddpm", "ddim");
  p.option("reduction", "NAME", "how ensemble members combine: median or mean", "median");
  p.option("size", "N",
           "working resolution of the networks: the longer side in pixels (0 = each model's own, "
           "the resolution it was trained at)",
           "0");
  p.option("device", "NAME", "where the networks run: auto, cpu, cuda, cuda:N", "auto");
  p.option("restorer", "NAME|PATH", "restoration model", PipelineOptions::kBuiltinRestorer);
  p.option("refiner", "NAME|PATH", "refinement model", PipelineOptions::kBuiltinRefiner);
  p.option("depthgen-model", "NAME|PATH", "DepthGen model", PipelineOptions::kBuiltinDepthGen);
  p.flag("no-aux-view", "with a stereo pair, restore without the right view (no AV-LFE)");
}

namespace {

DiffusionStageOptions samplingFrom(const ArgParser& p) {
  DiffusionStageOptions s;
  if (p.has("steps")) s.steps = p.getInt("steps");
  s.ensemble = p.getInt("ensemble");
  const std::string seed = p.get("seed");
  if (seed.empty() || seed.size() > 19 || seed.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("--seed must be a non-negative integer, got '" + seed + "'");
  s.seed = std::stoull(seed);
  s.eta = p.getDouble("eta");
  const auto sampler = parseSamplerKind(p.get("sampler"));
  if (!sampler) throw UsageError("--sampler '" + p.get("sampler") + "' is not ddim or ddpm");
  s.sampler = *sampler;
  const auto reduction = parseEnsembleReduction(p.get("reduction"));
  if (!reduction)
    throw UsageError("--reduction '" + p.get("reduction") + "' is not median or mean");
  s.reduction = *reduction;
  try {
    s.check();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return s;
}

}  // namespace

PipelineOptions pipelineOptionsFrom(const ArgParser& p) {
  PipelineOptions o;
  o.model = p.get("model");
  o.modelOptions.threads = p.getInt("threads");
  o.stereo = !p.has("no-stereo");
  const auto mode = parseSgbmMode(p.get("stereo-mode"));
  if (!mode)
    throw UsageError("--stereo-mode '" + p.get("stereo-mode") +
                     "' is not one of 3way, sgbm, hh, hh4");
  o.sgbm.mode = *mode;
  o.sgbm.numDisparities = p.getInt("num-disparities");
  o.sgbm.blockSize = p.getInt("stereo-block");
  o.sgbm.downscale = p.getDouble("stereo-downscale");
  if (p.has("no-fill")) o.sgbm.fillHoles = false;
  const DiffusionStageOptions sampling = samplingFrom(p);
  // Each stage keeps its own default step count unless --steps sets them all; a per-stage flag
  // overrides both (the refiner's default is one step, the others' ten).
  for (auto [enable, model, stepsFlag, stage] :
       {std::tuple{"restore", "restorer", "restore-steps", &o.restore},
        std::tuple{"refine", "refiner", "refine-steps", &o.refine},
        std::tuple{"depthgen", "depthgen-model", "depthgen-steps", &o.depthgen}}) {
    const int defaultSteps = stage->sampling.steps;
    *stage = {p.has(enable), p.get(model), sampling};
    if (!p.has("steps")) stage->sampling.steps = defaultSteps;
    if (!p.has(stepsFlag)) continue;
    stage->sampling.steps = p.getInt(stepsFlag);
    try {
      stage->sampling.check();
    } catch (const Error& e) {
      throw UsageError("--" + std::string(stepsFlag) + ": " + e.what());
    }
  }
  o.auxView = !p.has("no-aux-view");
  o.workingSize = p.getInt("size");
  o.modelOptions.device = p.get("device");
  o.check();
  return o;
}

}  // namespace ds::cli
