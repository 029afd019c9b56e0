#include "ui/OptionsSettings.h"

#include <QSettings>

namespace ds::ui {

namespace {

void loadStage(QSettings& s, const QString& key, DiffusionStageSettings& d) {
  d.enabled = s.value(key + "/enabled", d.enabled).toBool();
  d.sampling.steps = s.value(key + "/steps", d.sampling.steps).toInt();
  d.sampling.ensemble = s.value(key + "/ensemble", d.sampling.ensemble).toInt();
  d.sampling.seed = s.value(key + "/seed", qulonglong(d.sampling.seed)).toULongLong();
}

void saveStage(QSettings& s, const QString& key, const DiffusionStageSettings& d) {
  s.setValue(key + "/enabled", d.enabled);
  s.setValue(key + "/steps", d.sampling.steps);
  s.setValue(key + "/ensemble", d.sampling.ensemble);
  s.setValue(key + "/seed", qulonglong(d.sampling.seed));
}

}  // namespace

PipelineOptions loadPipelineOptions(const PipelineOptions& defaults) {
  QSettings s;
  if (!s.contains("pipeline/model")) return defaults;  // the first run
  PipelineOptions o = defaults;
  o.model = s.value("pipeline/model", QString()).toString().toStdString();
  o.workingSize = s.value("pipeline/workingSize", o.workingSize).toInt();
  o.modelOptions.device = s.value("pipeline/device", "auto").toString().toStdString();
  o.auxView = s.value("pipeline/auxView", o.auxView).toBool();
  loadStage(s, "restore", o.restore);
  loadStage(s, "refine", o.refine);
  loadStage(s, "depthgen", o.depthgen);
  try {
    o.check();
  } catch (...) {
    return defaults;  // settings from another version: start from the defaults
  }
  return o;
}

void savePipelineOptions(const PipelineOptions& o) {
  QSettings s;
  s.setValue("pipeline/model", QString::fromStdString(o.model));
  s.setValue("pipeline/workingSize", o.workingSize);
  s.setValue("pipeline/device", QString::fromStdString(o.modelOptions.device));
  s.setValue("pipeline/auxView", o.auxView);
  saveStage(s, "restore", o.restore);
  saveStage(s, "refine", o.refine);
  saveStage(s, "depthgen", o.depthgen);
}

ColormapOptions loadColormap() {
  QSettings s;
  ColormapOptions o;
  if (auto m = parseColormapName(s.value("view/colormap", "turbo").toString().toStdString()))
    o.map = *m;
  if (auto r = parseRangeMode(s.value("view/range", "percentile").toString().toStdString()))
    o.range = *r;
  o.lo = s.value("view/rangeLo", o.lo).toDouble();
  o.hi = s.value("view/rangeHi", o.hi).toDouble();
  try {
    o.check();
  } catch (...) {
    return ColormapOptions();
  }
  return o;
}

void saveColormap(const ColormapOptions& o) {
  QSettings s;
  s.setValue("view/colormap", QString::fromStdString(toString(o.map)));
  s.setValue("view/range", QString::fromStdString(toString(o.range)));
  s.setValue("view/rangeLo", o.lo);
  s.setValue("view/rangeHi", o.hi);
}

}  // namespace ds::ui
