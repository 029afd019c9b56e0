#pragma once
// The pipeline's settings (base model, restore / refine / DepthGen with their steps, ensemble,
// seed, working resolution, device), Run and Cancel, and the progress bar with stage and step.
// Bound to ds::PipelineOptions, the struct the CLI and saved settings use.
#include <QWidget>

#include "core/models/ModelInfo.h"
#include "core/pipeline/PipelineOptions.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ds::ui {

class PipelinePanel : public QWidget {
  Q_OBJECT
 public:
  explicit PipelinePanel(QWidget* parent = nullptr);

  // The base models to offer (the registry's listing); "" = automatic (built-in or stereo).
  void setModels(const std::vector<ModelInfo>& models);
  void setOptions(const PipelineOptions& options);
  PipelineOptions options() const;
  void setRunning(bool running);
  void showProgress(double fraction, const QString& stage, int step, int steps,
                    const QString& message);
  void showIdle(const QString& text);

 Q_SIGNALS:
  void optionsChanged();
  void runRequested();
  void cancelRequested();

 private:
  QComboBox* model_;
  QCheckBox *restore_, *refine_, *depthgen_, *auxView_;
  QSpinBox *restoreSteps_, *refineSteps_, *depthgenSteps_, *ensemble_, *seed_, *size_;
  QComboBox* device_;
  QPushButton *run_, *cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  PipelineOptions base_;  // fields the panel does not show keep their values
};

}  // namespace ds::ui
