#pragma once
// The pipeline options and the colour map the window remembers between runs (QSettings).
#include "core/image/ColormapOptions.h"
#include "core/pipeline/PipelineOptions.h"

namespace ds::ui {

// `defaults` when nothing was saved yet, or the saved settings no longer check.
PipelineOptions loadPipelineOptions(const PipelineOptions& defaults);
void savePipelineOptions(const PipelineOptions& options);
ColormapOptions loadColormap();
void saveColormap(const ColormapOptions& options);

}  // namespace ds::ui
