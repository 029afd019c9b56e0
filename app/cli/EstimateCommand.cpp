// depthstudio-cli estimate: depth from one image (a base model) or a rectified stereo pair, written
// as a result folder, plus geometry on request.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "app/cli/OptionFlags.h"
#include "core/pipeline/Pipeline.h"
#include "core/pipeline/ResultFolder.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds::cli {

namespace {

void printStages(const PipelineResult& result) {
  std::printf("%-12s %-24s %9s %8s  %s\n", "stage", "kind", "ms", "valid", "source");
  for (const auto& s : result.stages) {
    const double valid = s.depth.pixelCount()
                             ? 100.0 * double(s.depth.validCount()) / double(s.depth.pixelCount())
                             : 0.0;
    std::printf("%-12s %-24s %9.1f %7.1f%%  %s\n", s.name.c_str(), toString(s.depth.kind()).c_str(),
                s.milliseconds, valid, s.source.c_str());
    for (const auto& [key, value] : s.stats)
      std::printf("%14s%s = %g\n", "", key.c_str(), value);
    if (!s.conditionedOn.empty())
      std::printf("%14sconditioned on %s\n", "", s.conditionedOn.c_str());
  }
}

}  // namespace

int runEstimate(const Args& args, CliContext& context) {
  ArgParser p("depthstudio-cli estimate",
              "Estimates depth for IMAGE with a base model (--model; default: the built-in base),\n"
              "or from a rectified stereo pair (IMAGE is the left view, --right the right one).\n"
              "With a pair and a model, the model's output is also aligned to the stereo depth\n"
              "(stage base_metric). --restore, --refine and --depthgen add the diffusion stages\n"
              "restored, refined (of the best depth so far) and depthgen.\n"
              "Writes DIR/<stage>.npy (float32 depth in the stage's own kind, NaN = no data),\n"
              "DIR/<stage>.png (colour-mapped), DIR/<stage>_legend.png, DIR/normals.png and\n"
              "DIR/result.json; --points/--mesh export geometry of the metric stage if there is\n"
              "one, else of the last stage.");
  p.positional("IMAGE", "the image (the left view of a stereo pair)");
  p.option("out", "DIR", "result folder (created if needed)");
  p.option("right", "IMAGE", "right view of a rectified stereo pair");
  p.option("fx", "F", "focal length in pixels (default: a 60 degree horizontal field of view)");
  p.option("baseline", "B", "stereo baseline in metres (with --fx: stereo depth in metres)");
  addPipelineFlags(p);
  addGeometryFlags(p);
  addColormapFlags(p);
  p.flag("save-steps", "write every diffusion step's depth to DIR/<stage>_steps/");
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;
  if (!p.has("out")) throw UsageError("--out DIR is required");

  const PipelineOptions options = pipelineOptionsFrom(p);
  ResultWriteOptions writeOptions;
  writeOptions.colormap = colormapOptionsFrom(p);
  writeOptions.trajectories = p.has("save-steps");
  GeometryExportRequest geometry = geometryRequestFrom(p);
  writeOptions.normalOptions = geometry.mesh.normals;
  const double fx = p.has("fx") ? p.getDouble("fx") : 0.0;
  const double baseline = p.has("baseline") ? p.getDouble("baseline") : 0.0;
  if (p.has("fx") && !(fx > 0)) throw UsageError("--fx must be a positive number of pixels");
  if (p.has("baseline") && !(baseline > 0))
    throw UsageError("--baseline must be positive (metres)");
  if (p.has("baseline") && !p.has("right"))
    throw UsageError("--baseline needs a stereo pair (--right)");

  const fs::path out = p.get("out");
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_directory(out, ec))
    throw Error::file(out, "exists and is not a folder");
  fs::create_directories(out, ec);
  if (ec) throw Error::file(out, "cannot create the output folder: " + ec.message());
  geometry.check();  // fail on a bad export path now, not after the run

  const PipelineInput input =
      PipelineInput::fromFiles(p.positionalValue("IMAGE"), p.get("right"), fx, baseline);
  ConsoleProgress progress(context.quiet || p.has("quiet"));
  Pipeline pipeline(context.registry);
  SubProgress runProgress(progress, 0.0, geometry.empty() ? 1.0 : 0.8);
  const auto result = pipeline.run(input, options, runProgress, context.cancel);
  const auto files = writeResultFolder(*result, out, writeOptions);
  GeometryExportSummary exported;
  if (!geometry.empty()) {
    SubProgress exportProgress(progress, 0.8, 1.0);
    const StageOutput& stage = result->geometryStage();
    exported = exportGeometry(stage.depth, result->intrinsics, input.image, geometry,
                              exportProgress, context.cancel);
  }
  progress.finish();

  printStages(*result);
  std::cout << "\ncamera: fx=" << result->intrinsics.fx << " px (" << result->intrinsicsSource
            << ")\n";
  for (const auto& w : result->warnings)
    std::cout << "warning: " << w << "\n";
  std::cout << "written to " << out.string() << ":";
  for (const auto& f : files)
    std::cout << " " << f;
  std::cout << "\n";
  if (!exported.lines.empty())
    std::cout << "geometry from stage '" << result->geometryStage().name << "':\n";
  for (const auto& line : exported.lines)
    std::cout << "  " << line << "\n";
  return 0;
}

}  // namespace ds::cli
