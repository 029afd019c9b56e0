#pragma once
// Export choices (remembered between runs): which stage, which depth/point-cloud/mesh formats,
// normal map, the comparison picture, and the folder. Every export also writes the result folder's
// result.json sidecar (options, seed, steps, model hashes, alignment).
#include <QDialog>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace ds::ui {

struct ExportChoices {
  QString folder;
  QString stage;
  QStringList depthFormats;  // "npy", "png", "exr", "pfm"
  QString pointCloud;        // "", "ply", "pcd", "xyz"
  QString mesh;              // "", "ply", "obj", "glb", "gltf", "stl"
  bool normals = true;
  bool comparison = true;
  bool trajectories = false;
};

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(const QStringList& stages, QWidget* parent = nullptr);
  ExportChoices choices() const;
  void setChoices(const ExportChoices& c);
  // QSettings persistence ("export/...").
  static ExportChoices load();
  static void save(const ExportChoices& c);

 private:
  QLineEdit* folder_;
  QComboBox *stage_, *points_, *mesh_;
  QCheckBox *npy_, *png_, *exr_, *pfm_, *normals_, *comparison_, *steps_;
};

}  // namespace ds::ui
