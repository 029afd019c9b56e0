#include "ui/ExportJob.h"

#include <QDir>

#include "core/pipeline/GeometryExport.h"
#include "core/pipeline/ResultFolder.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"
#include "ui/ImageConversion.h"

namespace ds::ui {

QStringList runExport(const ExportChoices& c, const PipelineResult& result,
                      const PipelineInput& input, const QImage& comparison) {
  if (c.folder.isEmpty()) throw Error("export: no folder chosen");
  const std::filesystem::path dir = c.folder.toStdString();
  const StageOutput* stage = result.stage(c.stage.toStdString());
  if (!stage) stage = &result.stages.back();
  GeometryExportRequest g;
  const std::string stem = stage->name;
  for (const QString& f : c.depthFormats)
    g.depthFiles.push_back(dir / (stem + "_depth." + f.toStdString()));
  if (!c.pointCloud.isEmpty())
    g.pointClouds.push_back(dir / (stem + "_points." + c.pointCloud.toStdString()));
  if (!c.mesh.isEmpty()) g.meshes.push_back(dir / (stem + "_mesh." + c.mesh.toStdString()));
  if (c.normals) g.normalMaps.push_back(dir / (stem + "_normals.png"));
  if (!QDir().mkpath(c.folder))
    throw Error("export: could not create the folder " + c.folder.toStdString());
  g.check();  // a bad path fails before anything is written
  ResultWriteOptions w;
  w.trajectories = c.trajectories;
  QStringList written;
  for (const std::string& f : writeResultFolder(result, dir, w))
    written << QString::fromStdString(f);
  NullProgress none;
  const GeometryExportSummary summary =
      exportGeometry(stage->depth, result.intrinsics, input.image, g, none, CancelToken());
  for (const std::string& line : summary.lines)
    written << QString::fromStdString(line);
  if (c.comparison && !comparison.isNull()) {
    const std::filesystem::path target = dir / "comparison.png";
    writeAtomically(target, [&](const std::filesystem::path& tmp) {
      if (!comparison.save(QString::fromStdString(tmp.string()), "PNG"))
        throw Error::file(target, "could not be written");
    });
    written << "comparison.png";
  }
  return written;
}

}  // namespace ds::ui
