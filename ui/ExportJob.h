#pragma once
// Writes an export (run off the GUI thread): the result folder with its result.json sidecar, the
// chosen stage's depth files, point cloud, mesh and normal map, and the comparison picture.
#include <QImage>
#include <QStringList>
#include <memory>

#include "core/pipeline/PipelineInput.h"
#include "core/pipeline/PipelineResult.h"
#include "ui/ExportDialog.h"

namespace ds::ui {

// Returns the files written (relative to the folder). Throws ds::Error naming what failed.
QStringList runExport(const ExportChoices& choices, const PipelineResult& result,
                      const PipelineInput& input, const QImage& comparison);

}  // namespace ds::ui
