#include "ui/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace ds::ui {

ExportDialog::ExportDialog(const QStringList& stages, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Export"));
  folder_ = new QLineEdit;
  folder_->setObjectName("exportFolder");
  auto* browse = new QPushButton(tr("Browse…"));
  auto* folderRow = new QHBoxLayout;
  folderRow->addWidget(folder_, 1);
  folderRow->addWidget(browse);
  stage_ = new QComboBox;
  stage_->addItems(stages);
  npy_ = new QCheckBox("NPY");
  png_ = new QCheckBox(tr("16-bit PNG"));
  exr_ = new QCheckBox("EXR");
  pfm_ = new QCheckBox("PFM");
  auto* depthRow = new QHBoxLayout;
  for (QCheckBox* c : {npy_, png_, exr_, pfm_})
    depthRow->addWidget(c);
  points_ = new QComboBox;
  points_->addItems({tr("none"), "ply", "pcd", "xyz"});
  mesh_ = new QComboBox;
  mesh_->addItems({tr("none"), "ply", "obj", "glb", "gltf", "stl"});
  normals_ = new QCheckBox(tr("normal map (PNG)"));
  comparison_ = new QCheckBox(tr("comparison picture (PNG)"));
  steps_ = new QCheckBox(tr("every diffusion step (<stage>_steps/)"));
  auto* form = new QFormLayout(this);
  form->addRow(tr("Folder"), folderRow);
  form->addRow(tr("Stage"), stage_);
  form->addRow(tr("Depth"), depthRow);
  form->addRow(tr("Point cloud"), points_);
  form->addRow(tr("Mesh"), mesh_);
  form->addRow(QString(), normals_);
  form->addRow(QString(), comparison_);
  form->addRow(QString(), steps_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to"), folder_->text());
    if (!dir.isEmpty()) folder_->setText(dir);
  });
  setChoices(load());
}

ExportChoices ExportDialog::choices() const {
  ExportChoices c;
  c.folder = folder_->text();
  c.stage = stage_->currentText();
  if (npy_->isChecked()) c.depthFormats << "npy";
  if (png_->isChecked()) c.depthFormats << "png";
  if (exr_->isChecked()) c.depthFormats << "exr";
  if (pfm_->isChecked()) c.depthFormats << "pfm";
  c.pointCloud = points_->currentIndex() == 0 ? QString() : points_->currentText();
  c.mesh = mesh_->currentIndex() == 0 ? QString() : mesh_->currentText();
  c.normals = normals_->isChecked();
  c.comparison = comparison_->isChecked();
  c.trajectories = steps_->isChecked();
  return c;
}

void ExportDialog::setChoices(const ExportChoices& c) {
  folder_->setText(c.folder);
  if (stage_->findText(c.stage) >= 0)
    stage_->setCurrentText(c.stage);
  else
    stage_->setCurrentIndex(stage_->count() - 1);
  npy_->setChecked(c.depthFormats.contains("npy"));
  png_->setChecked(c.depthFormats.contains("png"));
  exr_->setChecked(c.depthFormats.contains("exr"));
  pfm_->setChecked(c.depthFormats.contains("pfm"));
  points_->setCurrentIndex(std::max(0, points_->findText(c.pointCloud)));
  mesh_->setCurrentIndex(std::max(0, mesh_->findText(c.mesh)));
  normals_->setChecked(c.normals);
  comparison_->setChecked(c.comparison);
  steps_->setChecked(c.trajectories);
}

ExportChoices ExportDialog::load() {
  QSettings s;
  ExportChoices c;
  c.folder = s.value("export/folder", QDir::homePath() + "/depthstudio-export").toString();
  c.stage = s.value("export/stage").toString();
  c.depthFormats = s.value("export/depth", QStringList{"npy", "png"}).toStringList();
  c.pointCloud = s.value("export/points", "ply").toString();
  c.mesh = s.value("export/mesh", "glb").toString();
  c.normals = s.value("export/normals", true).toBool();
  c.comparison = s.value("export/comparison", true).toBool();
  c.trajectories = s.value("export/steps", false).toBool();
  return c;
}

void ExportDialog::save(const ExportChoices& c) {
  QSettings s;
  s.setValue("export/folder", c.folder);
  s.setValue("export/stage", c.stage);
  s.setValue("export/depth", c.depthFormats);
  s.setValue("export/points", c.pointCloud);
  s.setValue("export/mesh", c.mesh);
  s.setValue("export/normals", c.normals);
  s.setValue("export/comparison", c.comparison);
  s.setValue("export/steps", c.trajectories);
}

}  // namespace ds::ui
