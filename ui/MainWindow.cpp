#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <cmath>

#include "core/util/Error.h"
#include "ui/ComparePanel.h"
#include "ui/DepthView.h"
#include "ui/ExportJob.h"
#include "ui/InputPanel.h"
#include "ui/LogPanel.h"
#include "ui/MetricsPanel.h"
#include "ui/OptionsSettings.h"
#include "ui/PipelinePanel.h"
#include "ui/PipelineRunner.h"
#include "ui/StepSlider.h"
#include "ui/View3DHost.h"

namespace ds::ui {

namespace {

constexpr int kMaxRecent = 8;
// Meshes stay near a megapixel at most: larger inputs are subsampled for the 3D view only.
constexpr double kMeshPixels = 1.1e6;

int meshStride(int width, int height) {
  return std::max(1, int(std::ceil(std::sqrt(double(width) * height / kMeshPixels))));
}

QStringList pathsOf(const QMimeData* mime) {
  QStringList paths;
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile()) paths << url.toLocalFile();
  return paths;
}

QWidget* row(std::initializer_list<QWidget*> widgets) {
  auto* w = new QWidget;
  auto* l = new QHBoxLayout(w);
  l->setContentsMargins(4, 2, 4, 2);
  for (QWidget* x : widgets)
    l->addWidget(x);
  l->addStretch(1);
  return w;
}

QDockWidget* dock(const QString& title, const QString& name, QWidget* content) {
  auto* d = new QDockWidget(title);
  d->setObjectName(name);  // saveState/restoreState find docks by name
  d->setWidget(content);
  return d;
}

// What a new user gets: the automatic base (stereo depth for a pair, the built-in network for one
// photo) with restoration and refinement on, for whichever built-in models are installed.
PipelineOptions firstRunOptions(const ModelRegistry& registry) {
  PipelineOptions o;
  bool base = false, restorer = false, refiner = false;
  for (const ModelInfo& m : registry.available()) {
    base = base || m.id == PipelineOptions::kBuiltinBase;
    restorer = restorer || m.id == PipelineOptions::kBuiltinRestorer;
    refiner = refiner || m.id == PipelineOptions::kBuiltinRefiner;
  }
  o.restore.enabled = base && restorer;
  o.refine.enabled = refiner;
  return o;
}

}  // namespace

MainWindow::MainWindow(const ModelRegistry& registry, QWidget* parent)
    : QMainWindow(parent), registry_(registry), runner_(new PipelineRunner(registry, this)) {
  setWindowTitle("DepthStudio");
  setAcceptDrops(true);
  resize(1400, 900);

  // Depth tab: what to show, colouring, the map, the step slider.
  stageBox_ = new QComboBox;
  stageBox_->setToolTip("The stage the depth and 3D views show");
  stageBox_->setMinimumContentsLength(10);
  colormapBox_ = new QComboBox;
  colormapBox_->addItems({"turbo", "viridis", "inferno", "gray"});
  rangeBox_ = new QComboBox;
  rangeBox_->addItems({"auto", "percentile", "manual"});
  rangeBox_->setToolTip("Colour range: min..max, 2nd..98th percentile, or the values given");
  lo_ = new QDoubleSpinBox;
  hi_ = new QDoubleSpinBox;
  for (QDoubleSpinBox* b : {lo_, hi_}) {
    b->setRange(-1e6, 1e6);
    b->setDecimals(3);
    b->setEnabled(false);
  }
  overlayBox_ = new QComboBox;
  overlayBox_->addItems({"depth", "depth + uncertainty", "uncertainty"});
  depthView_ = new DepthView;
  slider_ = new StepSlider;
  auto* depthTab = new QWidget;
  auto* dl = new QVBoxLayout(depthTab);
  dl->setContentsMargins(0, 0, 0, 0);
  dl->addWidget(row({new QLabel("Stage"), stageBox_, new QLabel("Colour map"), colormapBox_,
                     new QLabel("Range"), rangeBox_, lo_, hi_, new QLabel("Show"), overlayBox_}));
  dl->addWidget(depthView_, 1);
  dl->addWidget(slider_);

  // 3D tab.
  mode3d_ = new QComboBox;
  mode3d_->addItems({"normals", "colour", "points"});
  threshold_ = new QSlider(Qt::Horizontal);
  threshold_->setRange(1, 100);
  threshold_->setValue(5);
  threshold_->setFixedWidth(160);
  threshold_->setToolTip("Triangles spanning a larger relative depth jump are not drawn");
  thresholdLabel_ = new QLabel;
  view3d_ = new View3DHost;
  auto* resetCamera = new QAction("Reset camera", this);
  auto* threeTab = new QWidget;
  auto* tl = new QVBoxLayout(threeTab);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->addWidget(row({new QLabel("Shading"), mode3d_, new QLabel("Discontinuity cut"), threshold_,
                     thresholdLabel_}));
  tl->addWidget(view3d_, 1);

  compare_ = new ComparePanel;
  tabs_ = new QTabWidget;
  tabs_->addTab(depthTab, "Depth");
  tabs_->addTab(threeTab, "3D");
  tabs_->addTab(compare_, "Compare");
  setCentralWidget(tabs_);

  inputPanel_ = new InputPanel;
  pipelinePanel_ = new PipelinePanel;
  metrics_ = new MetricsPanel;
  log_ = new LogPanel;
  std::vector<std::string> problems;
  pipelinePanel_->setModels(registry_.available(&problems));
  for (const auto& p : problems)
    log_->warning(QString::fromStdString(p));
  pipelinePanel_->setOptions(loadPipelineOptions(firstRunOptions(registry_)));
  QDockWidget* inputDock = dock("Input", "input", inputPanel_);
  QDockWidget* pipelineDock = dock("Pipeline", "pipeline", pipelinePanel_);
  QDockWidget* metricsDock = dock("Metrics", "metrics", metrics_);
  QDockWidget* logDock = dock("Log", "log", log_);
  addDockWidget(Qt::LeftDockWidgetArea, inputDock);
  addDockWidget(Qt::LeftDockWidgetArea, pipelineDock);
  addDockWidget(Qt::BottomDockWidgetArea, logDock);
  addDockWidget(Qt::BottomDockWidgetArea, metricsDock);
  splitDockWidget(logDock, metricsDock, Qt::Horizontal);
  // The views get the room: one narrow side column, a short strip of log and metrics.
  resizeDocks({inputDock}, {340}, Qt::Horizontal);
  resizeDocks({logDock}, {140}, Qt::Vertical);

  hover_ = new QLabel;
  statusBar()->addPermanentWidget(hover_);
  statusBar()->showMessage("Drop an image, a stereo pair or a folder onto the window");

  buildMenus();
  auto* viewMenu = menuBar()->findChild<QMenu*>("view");
  viewMenu->addAction(resetCamera);
  connect(resetCamera, &QAction::triggered, view3d_, &View3DHost::resetCamera);

  const ColormapOptions cm = loadColormap();
  colormapBox_->setCurrentText(QString::fromStdString(toString(cm.map)));
  rangeBox_->setCurrentText(QString::fromStdString(toString(cm.range)));
  lo_->setValue(cm.lo);
  hi_->setValue(cm.hi);
  applyColormap();
  thresholdLabel_->setText("5 %");

  // Settings and view controls.
  connect(colormapBox_, &QComboBox::currentTextChanged, this, [this] { applyColormap(); });
  connect(rangeBox_, &QComboBox::currentTextChanged, this, [this] { applyColormap(); });
  connect(lo_, &QDoubleSpinBox::editingFinished, this, [this] { applyColormap(); });
  connect(hi_, &QDoubleSpinBox::editingFinished, this, [this] { applyColormap(); });
  connect(overlayBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { depthView_->setOverlay(DepthView::Overlay(i)); });
  connect(stageBox_, &QComboBox::currentTextChanged, this, [this](const QString& s) {
    if (!s.isEmpty()) showStage(s);
  });
  connect(mode3d_, &QComboBox::currentIndexChanged, this,
          [this](int i) { view3d_->setMode(View3D::Mode(i)); });
  connect(threshold_, &QSlider::valueChanged, this, [this](int v) {
    view3d_->setDiscontinuityThreshold(float(v) / 100.0f);
    thresholdLabel_->setText(QString("%1 %").arg(v));
  });
  connect(depthView_, &DepthView::hovered, this,
          [this](int x, int y, bool valid, double, const QString& text) {
            hover_->setText(valid ? QString("x %1  y %2   %3").arg(x).arg(y).arg(text) : QString());
          });
  connect(slider_, &StepSlider::frameSelected, this,
          [this](const QString& stage, int step, std::shared_ptr<const DepthMap> frame) {
            showFrame(stage, step, std::move(frame));
          });

  // Input.
  connect(inputPanel_, &InputPanel::inputChanged, this, [this](const InputSet& input) {
    inputSet_ = input;
    if (!input.empty()) loadInput(input);
  });

  // The pipeline: everything arrives as queued signals from the runner's worker.
  connect(pipelinePanel_, &PipelinePanel::runRequested, this, [this] { startRun(); });
  connect(pipelinePanel_, &PipelinePanel::cancelRequested, runner_, &PipelineRunner::cancel);
  connect(pipelinePanel_, &PipelinePanel::optionsChanged, this, [this] {
    savePipelineOptions(pipelinePanel_->options());
    if (runner_->busy()) startRun();  // re-run with the new settings (the runner queues it)
  });
  connect(runner_, &PipelineRunner::started, this, [this] {
    pipelinePanel_->setRunning(true);
    slider_->clear();
    log_->info("run started: " +
               QFileInfo(QString::fromStdString(input_->imagePath.string())).fileName());
  });
  connect(runner_, &PipelineRunner::progressed, this,
          [this](double f, const QString& stage, int step, int steps, const QString& message) {
            pipelinePanel_->showProgress(f, stage, step, steps, message);
          });
  connect(runner_, &PipelineRunner::stepArrived, this,
          [this](const StepFrame& f) { slider_->addLiveFrame(f.stage, f.step, f.steps, f.depth); });
  connect(runner_, &PipelineRunner::finished, this,
          [this](std::shared_ptr<const PipelineResult> result,
                 std::shared_ptr<const PipelineInput> input) {
            pipelinePanel_->showIdle("preparing views…");
            const QString gt = inputSet_.groundTruth;
            const int stride = meshStride(result->width, result->height);
            preparing_.setFuture(QtConcurrent::run([result, input, gt, stride] {
              return ResultViews::prepare(result, input, gt, stride);
            }));
          });
  connect(runner_, &PipelineRunner::failed, this, [this](const QString& message) {
    pipelinePanel_->setRunning(false);
    pipelinePanel_->showIdle("failed");
    log_->error(message);
    statusBar()->showMessage(message);
    Q_EMIT runFailed(message);
  });
  connect(runner_, &PipelineRunner::cancelled, this, [this] {
    if (runner_->busy()) return;  // a queued re-run has already started
    pipelinePanel_->setRunning(false);
    pipelinePanel_->showIdle("cancelled");
    log_->info("run cancelled");
  });
  connect(&preparing_, &QFutureWatcher<ResultViews>::finished, this,
          [this] { showResult(preparing_.result()); });
  connect(&loading_, &QFutureWatcher<Loaded>::finished, this, [this] {
    const Loaded loaded = loading_.result();
    if (!loaded.input) {
      inputPanel_->showProblem(loaded.error);
      log_->error(loaded.error);
      statusBar()->showMessage(loaded.error);
      Q_EMIT runFailed(loaded.error);
      return;
    }
    input_ = loaded.input;
    colour_ = std::shared_ptr<const Image>(input_, &input_->image);  // shares, no copy
    addRecent(QString::fromStdString(input_->imagePath.string()));
    startRun();
  });
  connect(&exporting_, &QFutureWatcher<Exported>::finished, this, [this] {
    const Exported e = exporting_.result();
    const QString message =
        e.error.isEmpty()
            ? QString("exported %1 files to %2").arg(e.files.size()).arg(exportChoices_.folder)
            : "export failed: " + e.error;
    e.error.isEmpty() ? log_->info(message) : log_->error(message);
    statusBar()->showMessage(message);
    Q_EMIT exportFinished(e.error.isEmpty(), message);
  });
  connect(&meshing_, &QFutureWatcher<std::shared_ptr<const MeshModel>>::finished, this, [this] {
    if (!std::exchange(meshStale_, false)) view3d_->setModel(meshing_.result());
    if (meshAgain_) buildMeshForFrame(std::exchange(meshAgain_, nullptr));
  });

  defaultState_ = saveState();
  QSettings s;
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
}

MainWindow::~MainWindow() {
  // Stop the worker before the widgets its queued signals would reach go away.
  runner_->disconnect(this);
  delete runner_;
  runner_ = nullptr;
  loading_.waitForFinished();
  preparing_.waitForFinished();
  exporting_.waitForFinished();
  meshing_.waitForFinished();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  QAction* open = file->addAction("&Open image…", this, [this] { openDialog("image"); });
  open->setShortcut(QKeySequence::Open);
  file->addAction("Open &stereo pair…", this, [this] { openDialog("pair"); })
      ->setShortcut(QKeySequence("Ctrl+Shift+O"));
  file->addAction("Open &ground truth…", this, [this] { openDialog("gt"); });
  file->addAction("Open &folder…", this, [this] { openDialog("folder"); });
  recentMenu_ = file->addMenu("Open &recent");
  refreshRecent();
  file->addSeparator();
  QAction* exportAction = file->addAction("&Export…", this, [this] { chooseExport(); });
  exportAction->setShortcut(QKeySequence("Ctrl+E"));
  file->addSeparator();
  file->addAction("&Quit", this, &QWidget::close)->setShortcut(QKeySequence::Quit);

  QMenu* run = menuBar()->addMenu("&Run");
  QAction* runAction = run->addAction("&Run pipeline", this, [this] { startRun(); });
  runAction->setShortcut(QKeySequence("F5"));
  QAction* cancel = run->addAction("&Cancel", runner_, &PipelineRunner::cancel);
  cancel->setShortcut(QKeySequence("Esc"));

  QMenu* view = menuBar()->addMenu("&View");
  view->setObjectName("view");
  const char* names[] = {"&Depth", "&3D", "&Compare"};
  for (int i = 0; i < 3; ++i)
    view->addAction(names[i], this, [this, i] { tabs_->setCurrentIndex(i); })
        ->setShortcut(QKeySequence(QString("Ctrl+%1").arg(i + 1)));
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>())
    view->addAction(d->toggleViewAction());
  view->addAction("Reset &layout", this, [this] { restoreState(defaultState_); });
  view->addSeparator();

  QMenu* help = menuBar()->addMenu("&Help");
  help->addAction("&About DepthStudio", this, [this] { about(); });

  QToolBar* bar = addToolBar("Main");
  bar->setObjectName("toolbar");
  bar->addAction(open);
  bar->addAction(runAction);
  bar->addAction(cancel);
  bar->addAction(exportAction);
}

void MainWindow::openFiles(const QStringList& paths) {
  const InputSet set = InputSet::classify(paths);
  if (set.empty()) {
    const QString problem = set.problem.isEmpty() ? "nothing to open" : set.problem;
    inputPanel_->showProblem(problem);
    log_->error(problem);
    Q_EMIT runFailed(problem);
    return;
  }
  inputPanel_->setInput(set);  // emits inputChanged, which loads and runs
}

void MainWindow::setCalibration(double focalPx, double baselineM) {
  focalPx_ = focalPx;
  baselineM_ = baselineM;
}

void MainWindow::setTab(const QString& name) {
  const QStringList names{"depth", "3d", "compare"};
  if (names.contains(name)) tabs_->setCurrentIndex(int(names.indexOf(name)));
}

void MainWindow::loadInput(const InputSet& input) {
  const QString image = input.image, right = input.right;
  const double fx = focalPx_, baseline = input.right.isEmpty() ? 0.0 : baselineM_;
  statusBar()->showMessage("loading " + image);
  loading_.setFuture(QtConcurrent::run([image, right, fx, baseline] {
    Loaded l;
    try {
      auto input = std::make_shared<PipelineInput>(
          PipelineInput::fromFiles(image.toStdString(), right.toStdString(), fx, baseline));
      input->check();
      l.input = std::move(input);
    } catch (const std::exception& e) {
      l.input.reset();
      l.error = QString::fromStdString(e.what());
    }
    return l;
  }));
}

void MainWindow::startRun() {
  if (!input_) {
    statusBar()->showMessage("Open or drop an image first");
    return;
  }
  PipelineOptions options = pipelinePanel_->options();
  options.keepTrajectories = true;  // the step slider scrubs them
  try {
    options.check();
  } catch (const Error& e) {
    log_->error(QString::fromStdString(e.what()));
    Q_EMIT runFailed(QString::fromStdString(e.what()));
    return;
  }
  savePipelineOptions(options);
  runner_->run(input_, options);
}

void MainWindow::showResult(const ResultViews& views) {
  views_ = views;
  pipelinePanel_->setRunning(runner_->busy());
  if (!runner_->busy())
    pipelinePanel_->showIdle(
        QString("done in %1 s").arg(views.result->totalMilliseconds / 1000.0, 0, 'f', 1));
  for (const auto& w : views.result->warnings)
    log_->warning(QString::fromStdString(w));
  if (!views.groundTruthProblem.isEmpty())
    log_->warning("ground truth: " + views.groundTruthProblem);
  QStringList names;
  for (const StageView& s : views.stages) {
    names << s.name;
    if (!s.trajectory.empty()) slider_->setTrajectory(s.name, s.trajectory, s.timesteps);
  }
  // Keep the stage the user was looking at when it is still there; else show the last one.
  const QString keep = stageBox_->currentText();
  {
    const QSignalBlocker block(stageBox_);
    stageBox_->clear();
    stageBox_->addItems(names);
  }
  const QString show = names.contains(keep) ? keep : names.isEmpty() ? QString() : names.back();
  stageBox_->setCurrentText(show);
  if (!show.isEmpty()) showStage(show);
  metrics_->showResult(views);
  compare_->showResult(views);
  QString summary = QString("%1: ").arg(
      QFileInfo(QString::fromStdString(views.result->imagePath.string())).fileName());
  for (const auto& s : views.result->stages)
    summary +=
        QString("%1 %2 ms  ").arg(QString::fromStdString(s.name)).arg(s.milliseconds, 0, 'f', 0);
  log_->info(summary.trimmed());
  statusBar()->showMessage(summary.trimmed());
  Q_EMIT resultShown();
  if (inputPanel_->advanceBatch()) log_->info("next in the queue");
}

void MainWindow::showStage(const QString& stage) {
  const StageView* s = views_.stage(stage);
  if (!s) return;
  shownStage_ = stage;
  depthView_->setDepth(s->depth, stage);
  depthView_->setUncertainty(s->uncertainty);
  view3d_->setModel(s->mesh);
  if (!s->trajectory.empty()) {
    const QSignalBlocker block(slider_);
    slider_->setStage(stage);
    slider_->setStep(slider_->stepCount() - 1);
  }
}

void MainWindow::showFrame(const QString& stage, int step, std::shared_ptr<const DepthMap> frame) {
  if (!frame) return;
  const int steps = slider_->stepCount();
  // The last step is the stage's result: show it (once) with its full-resolution mesh, and let no
  // step mesh still being built replace it.
  const StageView* s = views_.stage(stage);
  if (s && step == steps - 1 && !runner_->busy()) {
    depthView_->setDepth(s->depth, stage);
    view3d_->setModel(s->mesh);
    meshAgain_.reset();
    meshStale_ = meshing_.isRunning();
    return;
  }
  depthView_->setDepth(frame, QString("%1 · step %2/%3").arg(stage).arg(step + 1).arg(steps));
  meshStale_ = false;
  if (meshing_.isRunning())
    meshAgain_ = std::move(frame);
  else
    buildMeshForFrame(std::move(frame));
}

void MainWindow::buildMeshForFrame(std::shared_ptr<const DepthMap> frame) {
  if (!input_) return;
  const Intrinsics k = (views_.result ? views_.result->intrinsics
                                      : input_->intrinsics.value_or(Intrinsics::fromHorizontalFov(
                                            input_->image.width(), input_->image.height())))
                           .scaledTo(frame->width(), frame->height());
  const std::shared_ptr<const Image> colour = colour_;  // resampled by the mesher
  meshing_.setFuture(QtConcurrent::run([frame, k, colour] {
    try {
      return std::make_shared<const MeshModel>(MeshModel::fromDepth(*frame, k, *colour, 1));
    } catch (const Error&) {
      return std::make_shared<const MeshModel>();
    }
  }));
}

void MainWindow::applyColormap() {
  ColormapOptions o = depthView_->colormap();
  o.map =
      parseColormapName(colormapBox_->currentText().toStdString()).value_or(ColormapName::Turbo);
  o.range = parseRangeMode(rangeBox_->currentText().toStdString()).value_or(RangeMode::Percentile);
  const bool manual = o.range == RangeMode::Manual;
  lo_->setEnabled(manual);
  hi_->setEnabled(manual);
  if (manual) {
    if (hi_->value() <= lo_->value()) hi_->setValue(lo_->value() + 1.0);
    o.lo = lo_->value();
    o.hi = hi_->value();
  }
  try {
    o.check();
  } catch (const Error& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()));
    return;
  }
  depthView_->setColormap(o);
  compare_->setColormap(o);
  saveColormap(o);
}

void MainWindow::openDialog(const QString& role) {
  const QString images = "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp *.ppm *.pgm)";
  QSettings s;
  const QString folder = s.value("window/lastFolder").toString();
  QStringList files;
  if (role == "image") {
    files << QFileDialog::getOpenFileName(this, "Open image", folder, images);
  } else if (role == "pair") {
    files =
        QFileDialog::getOpenFileNames(this, "Open stereo pair (left and right)", folder, images);
  } else if (role == "gt") {
    if (inputSet_.empty()) {
      statusBar()->showMessage("Open an image before its ground truth");
      return;
    }
    const QString gt = QFileDialog::getOpenFileName(this, "Open ground-truth depth", folder,
                                                    "Depth (*.png *.npy *.pfm *.exr)");
    if (gt.isEmpty()) return;
    InputSet set = inputSet_;
    set.groundTruth = gt;
    inputPanel_->setInput(set);
    return;
  } else {
    files << QFileDialog::getExistingDirectory(this, "Open folder of images", folder);
  }
  files.removeAll(QString());
  if (files.isEmpty()) return;
  s.setValue("window/lastFolder", QFileInfo(files.front()).absolutePath());
  openFiles(files);
}

void MainWindow::addRecent(const QString& path) {
  QSettings s;
  QStringList recent = s.value("recent/files").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent)
    recent.removeLast();
  s.setValue("recent/files", recent);
  refreshRecent();
}

void MainWindow::refreshRecent() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recent/files").toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openFiles({path}); })
        ->setToolTip(path);
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::about() {
  QMessageBox::about(
      this, "About DepthStudio",
      QString("<h3>DepthStudio %1</h3>"
              "<p>Depth and 3D from a photo or a stereo pair: a base depth network, diffusion "
              "feature restoration (InvT-IndDiffusion with auxiliary-view enhancement), the "
              "BetterDepth refiner and DepthGen sampling, with per-step trajectories and "
              "ensemble uncertainty.</p><p>Built-in models are trained by the project's own "
              "trainer on its own procedural scenes; see each model's card.</p>")
          .arg(QApplication::applicationVersion()));
}

void MainWindow::chooseExport() {
  if (!views_.result) {
    statusBar()->showMessage("Nothing to export yet: run the pipeline first");
    return;
  }
  QStringList stages;
  for (const StageView& s : views_.stages)
    stages << s.name;
  ExportDialog dialog(stages, this);
  ExportChoices c = ExportDialog::load();
  if (!stages.contains(c.stage)) c.stage = shownStage_;
  dialog.setChoices(c);
  if (dialog.exec() != QDialog::Accepted) return;
  ExportDialog::save(dialog.choices());
  exportTo(dialog.choices());
}

void MainWindow::exportTo(const ExportChoices& choices) {
  if (!views_.result) {
    Q_EMIT exportFinished(false, "nothing to export");
    return;
  }
  if (exporting_.isRunning()) {
    statusBar()->showMessage("an export is still being written");
    return;
  }
  exportChoices_ = choices;
  const QImage comparison = choices.comparison ? compare_->grabComparison() : QImage();
  const auto result = views_.result;
  const auto input = views_.input;
  log_->info("exporting to " + choices.folder);
  exporting_.setFuture(QtConcurrent::run([choices, result, input, comparison] {
    Exported e;
    try {
      e.files = runExport(choices, *result, *input, comparison);
    } catch (const std::exception& x) {
      e.error = QString::fromStdString(x.what());
    }
    return e;
  }));
}

void MainWindow::saveLayout() {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
}

void MainWindow::closeEvent(QCloseEvent* e) {
  saveLayout();
  runner_->cancel();
  QMainWindow::closeEvent(e);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  const QStringList paths = pathsOf(e->mimeData());
  e->acceptProposedAction();
  openFiles(paths);
}

}  // namespace ds::ui
