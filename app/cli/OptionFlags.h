#pragma once
// Command-line flags shared by several subcommands, bound to the core options structs so the CLI,
// the GUI and saved settings mean the same thing by each name.
#include "app/cli/ArgParser.h"
#include "core/image/ColormapOptions.h"
#include "core/pipeline/GeometryExport.h"
#include "core/pipeline/PipelineOptions.h"

namespace ds::cli {

// --points --mesh --normals --depth (repeatable), --mesh-threshold --mesh-stride --decimate
// --point-stride
void addGeometryFlags(ArgParser& parser);
GeometryExportRequest geometryRequestFrom(const ArgParser& parser);

// --colormap --range --range-min --range-max
void addColormapFlags(ArgParser& parser);
ColormapOptions colormapOptionsFrom(const ArgParser& parser);

// --model --threads, the stereo matcher's flags, and the diffusion stages' (--restore --refine
// --depthgen --steps --ensemble --seed --eta --sampler --reduction --size --device ...)
void addPipelineFlags(ArgParser& parser);
PipelineOptions pipelineOptionsFrom(const ArgParser& parser);

}  // namespace ds::cli
