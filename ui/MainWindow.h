#pragma once
// The DepthStudio window: input, pipeline settings, step slider, depth view, 3D view, compare view,
// metrics and log, each its own widget; docks whose layout is remembered; menus, toolbar,
// shortcuts, status bar, recent files and an About box. Work runs through PipelineRunner (the GUI
// thread never waits on it); loading images, preparing views and exporting run off the GUI thread
// too.
#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>
#include <optional>

#include "core/models/ModelRegistry.h"
#include "ui/ExportDialog.h"
#include "ui/InputSet.h"
#include "ui/ResultViews.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QSlider;
class QTabWidget;

namespace ds::ui {

class ComparePanel;
class DepthView;
class InputPanel;
class LogPanel;
class MetricsPanel;
class PipelinePanel;
class PipelineRunner;
class StepSlider;
class View3DHost;
struct StepFrame;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // `registry` must outlive the window. Stereo calibration for opened pairs: focal length (px)
  // and baseline (m), 0 = unknown.
  explicit MainWindow(const ModelRegistry& registry, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Sorts the files (image, pair, ground truth, folder), loads them and runs the pipeline.
  void openFiles(const QStringList& paths);
  void setCalibration(double focalPx, double baselineM);
  void setTab(const QString& name);  // "depth", "3d", "compare"
  // Writes an export in the background; exportFinished reports.
  void exportTo(const ExportChoices& choices);

  const ResultViews& views() const { return views_; }
  PipelineRunner* runner() const { return runner_; }
  DepthView* depthView() const { return depthView_; }
  View3DHost* view3d() const { return view3d_; }
  ComparePanel* comparePanel() const { return compare_; }
  StepSlider* stepSlider() const { return slider_; }
  PipelinePanel* pipelinePanel() const { return pipelinePanel_; }
  InputPanel* inputPanel() const { return inputPanel_; }
  MetricsPanel* metricsPanel() const { return metrics_; }

 Q_SIGNALS:
  void resultShown();
  void runFailed(const QString& message);
  void exportFinished(bool ok, const QString& message);

 protected:
  void closeEvent(QCloseEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  void buildMenus();
  void startRun();
  void loadInput(const InputSet& input);
  void showResult(const ResultViews& views);
  void showStage(const QString& stage);
  void showFrame(const QString& stage, int step, std::shared_ptr<const DepthMap> frame);
  void addRecent(const QString& path);
  void refreshRecent();
  void about();
  void chooseExport();
  void openDialog(const QString& role);
  void buildMeshForFrame(std::shared_ptr<const DepthMap> frame);
  void applyColormap();
  void saveLayout();

  // Off-thread work reports its error as text rather than by exception.
  struct Loaded {
    std::shared_ptr<const PipelineInput> input;
    QString error;
  };
  struct Exported {
    QStringList files;
    QString error;
  };

  const ModelRegistry& registry_;
  PipelineRunner* runner_;
  InputPanel* inputPanel_;
  PipelinePanel* pipelinePanel_;
  StepSlider* slider_;
  DepthView* depthView_;
  View3DHost* view3d_;
  ComparePanel* compare_;
  MetricsPanel* metrics_;
  LogPanel* log_;
  QTabWidget* tabs_;
  QComboBox *stageBox_, *colormapBox_, *rangeBox_, *overlayBox_, *mode3d_;
  QDoubleSpinBox *lo_, *hi_;
  QSlider* threshold_;
  QLabel *hover_, *thresholdLabel_;
  QMenu* recentMenu_;
  InputSet inputSet_;
  std::shared_ptr<const PipelineInput> input_;
  std::shared_ptr<const Image> colour_;  // the input image, shared with mesh building
  double focalPx_ = 0, baselineM_ = 0;
  ResultViews views_;
  QFutureWatcher<Loaded> loading_;
  QFutureWatcher<ResultViews> preparing_;
  QFutureWatcher<Exported> exporting_;
  QFutureWatcher<std::shared_ptr<const MeshModel>> meshing_;
  std::shared_ptr<const DepthMap> meshAgain_;  // a frame that arrived while meshing
  bool meshStale_ = false;  // the mesh being built was superseded by a stage's result
  QString shownStage_;
  ExportChoices exportChoices_;
  QByteArray defaultState_;
};

}  // namespace ds::ui
