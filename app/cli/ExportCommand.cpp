// depthstudio-cli export: converts a saved result folder to other depth formats, point clouds,
// meshes, normal maps and colour-mapped images.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "app/cli/ArgParser.h"
#include "app/cli/Commands.h"
#include "app/cli/ConsoleProgress.h"
#include "app/cli/OptionFlags.h"
#include "core/image/ColorLegend.h"
#include "core/image/Colormap.h"
#include "core/image/ImageIo.h"
#include "core/pipeline/GeometryExport.h"
#include "core/pipeline/ResultFolder.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

namespace fs = std::filesystem;

namespace ds::cli {

int runExport(const Args& args, CliContext& context) {
  ArgParser p("depthstudio-cli export",
              "Converts the result folder RESULT (written by 'estimate --out') to other files.\n"
              "Formats follow the extension. Geometry uses the camera recorded in result.json and\n"
              "colours from the recorded input image (when it still exists).");
  p.positional("RESULT", "result folder");
  p.option("stage", "NAME", "stage to export (default: the metric stage if any, else the last)");
  addGeometryFlags(p);
  p.repeated("image", "FILE", "write the colour-mapped depth with its legend (.png .jpg)");
  addColormapFlags(p);
  p.flag("no-colour", "do not colour geometry from the input image");
  p.flag("quiet", "no progress output");
  if (!p.parse(args)) return 0;

  GeometryExportRequest request = geometryRequestFrom(p);
  const ColormapOptions colormap = colormapOptionsFrom(p);
  const std::vector<std::string> images = p.getAll("image");
  if (request.empty() && images.empty())
    throw UsageError("nothing to export: give --depth, --points, --mesh, --normals or --image");
  request.check();
  for (const auto& f : images)
    checkWritable(f);

  const SavedResult saved = readResultFolder(p.positionalValue("RESULT"));
  const StageOutput& stage = saved.stage(p.has("stage") ? p.get("stage") : saved.geometryStage);
  Image colour;
  if (!p.has("no-colour")) {
    if (fs::exists(saved.imagePath))
      colour = readImage(saved.imagePath);
    else
      std::cerr << "warning: the input image '" << saved.imagePath.string()
                << "' is gone; geometry is written without colours\n";
  }
  ConsoleProgress progress(context.quiet || p.has("quiet"));
  const auto summary =
      exportGeometry(stage.depth, saved.intrinsics, colour, request, progress, context.cancel);
  progress.finish();
  for (const auto& f : images) {
    ColorRange range;
    const Image map = colorize(stage.depth, colormap, &range);
    writeImage(f, withLegend(map, colorLegend(colormap, range, stage.depth.kind(), 160,
                                              std::max(256, map.height()))));
    std::cout << "  " << f << ": colour-mapped depth with legend\n";
  }
  std::cout << "stage '" << stage.name << "' (" << toString(stage.depth.kind()) << "):\n";
  for (const auto& line : summary.lines)
    std::cout << "  " << line << "\n";
  return 0;
}

}  // namespace ds::cli
