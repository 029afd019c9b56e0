// depthstudio: the desktop application. Files on the command line (an image, a stereo pair, an
// image and its ground truth, a folder) are opened as if dropped; --sample opens the Aloe pair
// Debian's opencv-doc installs. --screenshots DIR and --quit-after-run serve the documented
// screenshot command and the installed-package smoke test.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QIcon>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/models/ApplicationModelFolders.h"
#include "core/models/BuiltinBaseModel.h"
#include "core/nn/CpuMemoryTuning.h"
#include "ui/DepthView.h"
#include "ui/MainWindow.h"
#include "ui/MeshModel.h"
#include "ui/View3D.h"

namespace {

const char* kSampleFolder = "/usr/share/doc/opencv-doc/examples/data";
// Middlebury 2006 Aloe at full size: focal length 3740 px, baseline 160 mm.
constexpr double kSampleFocalPx = 3740.0, kSampleBaselineM = 0.16;

// Saves the window once its pictures are ready: after the result, the depth view's colouring
// and a few paints.
void screenshotsWhenReady(ds::ui::MainWindow& w, const QString& folder, const QStringList& tabs,
                          int index) {
  if (index >= tabs.size()) {
    QApplication::exit(0);
    return;
  }
  w.setTab(tabs[index]);
  QTimer::singleShot(1200, &w, [&w, folder, tabs, index] {
    if (w.depthView()->colouringPending()) {
      screenshotsWhenReady(w, folder, tabs, index);
      return;
    }
    const QString file = QDir(folder).filePath(tabs[index] + ".png");
    if (!w.grab().save(file)) {
      std::fprintf(stderr, "depthstudio: could not write %s\n", qPrintable(file));
      QApplication::exit(1);
      return;
    }
    std::printf("wrote %s\n", qPrintable(file));
    screenshotsWhenReady(w, folder, tabs, index + 1);
  });
}

// --bench-3d: frames per second of the 3D view on a mesh of a one-megapixel depth map (a relief
// on a slanted wall), orbiting, each frame drawn and composed into the window synchronously.
int bench3d(int frames) {
  const int w = 1152, h = 864;
  std::vector<float> v(size_t(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      v[size_t(y) * w + x] = 2.0f + 0.001f * x + 0.05f * std::sin(x * 0.05f) * std::cos(y * 0.04f);
  const ds::DepthMap depth(w, h, ds::DepthKind::MetricDepth, std::move(v));
  QElapsedTimer build;
  build.start();
  auto model = std::make_shared<const ds::ui::MeshModel>(
      ds::ui::MeshModel::fromDepth(depth, ds::Intrinsics::fromHorizontalFov(w, h), ds::Image(), 1));
  const qint64 buildMs = build.elapsed();
  ds::ui::View3D view;
  view.resize(1000, 700);
  view.show();
  view.setModel(model);
  for (int i = 0; i < 3; ++i) {  // upload and warm up
    view.repaint();
    QApplication::processEvents();
  }
  // Frame times orbiting the mesh: at full detail (the camera at rest) and with the coarse copy
  // the view draws while the camera moves.
  auto orbit = [&](bool moving) {
    view.setInteracting(moving);
    std::vector<double> ms;
    for (int i = 0; i < frames; ++i) {
      view.setCamera(ds::ui::OrbitCamera{-25.0f + 50.0f * i / frames, 12, 0, {}});
      QElapsedTimer t;
      t.start();
      view.repaint();
      QApplication::processEvents();
      ms.push_back(t.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    std::printf("  %-18s %7zu triangles: median %6.1f ms (%5.1f fps), worst %6.1f ms\n",
                moving ? "camera moving" : "camera at rest", view.drawnTriangles(), median,
                1000.0 / median, ms.back());
  };
  std::printf(
      "3D view: %dx%d depth map, %zu vertices, %zu triangles (mesh built in %lld ms), "
      "%d frames at %dx%d\n",
      w, h, model->vertexCount(), model->triangleCount(), buildMs, frames, view.width(),
      view.height());
  orbit(false);
  orbit(true);
  std::printf("  GL: %s\n", view.glInfo().constData());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ds::keepFreedMemoryInHeap();
  QApplication app(argc, argv);
  QApplication::setOrganizationName("DepthStudio");
  QApplication::setApplicationName("DepthStudio");
  QApplication::setApplicationVersion(DEPTHSTUDIO_VERSION);
  QApplication::setWindowIcon(QIcon(":/icons/depthstudio.png"));

  QCommandLineParser p;
  p.setApplicationDescription("DepthStudio: depth and 3D from a photo or a stereo pair.");
  p.addHelpOption();
  p.addVersionOption();
  p.addPositionalArgument("files",
                          "an image, a stereo pair, an image and a depth file, or a folder");
  p.addOptions({
      {"sample", "open the bundled sample (the Aloe stereo pair from opencv-doc)"},
      {"fx", "focal length in pixels of the opened image(s)", "PX", "0"},
      {"baseline", "stereo baseline in metres", "M", "0"},
      {"tab", "the tab to show: depth, 3d or compare", "TAB", "depth"},
      {"screenshots",
       "after the first result, save depth.png, 3d.png and compare.png there and quit", "DIR"},
      {"quit-after-run", "quit after the first result (exit 0) or failure (exit 1)"},
      {"bench-3d", "measure the 3D view's frame rate on a one-megapixel mesh and quit"},
  });
  p.process(app);
  if (p.isSet("bench-3d")) return bench3d(40);

  ds::ModelRegistry registry;
  ds::addApplicationModelFolders(registry, DEPTHSTUDIO_SOURCE_DIR);
  ds::registerTorchBackends(registry);

  ds::ui::MainWindow window(registry);
  window.setWindowIcon(QApplication::windowIcon());
  QStringList files = p.positionalArguments();
  double fx = p.value("fx").toDouble(), baseline = p.value("baseline").toDouble();
  if (p.isSet("sample")) {
    const QString l = QString(kSampleFolder) + "/aloeL.jpg",
                  r = QString(kSampleFolder) + "/aloeR.jpg";
    if (!QFileInfo::exists(l) || !QFileInfo::exists(r)) {
      std::fprintf(stderr, "depthstudio: the sample needs Debian's opencv-doc package (%s)\n",
                   qPrintable(l));
      return 1;
    }
    files = {l, r};
    fx = kSampleFocalPx;
    baseline = kSampleBaselineM;
  }
  window.setCalibration(fx, baseline);
  window.setTab(p.value("tab"));
  window.show();

  if (p.isSet("quit-after-run")) {
    QObject::connect(&window, &ds::ui::MainWindow::resultShown, &app, [] {
      std::printf("depthstudio: result shown\n");
      QApplication::exit(0);
    });
  }
  if (p.isSet("screenshots")) {
    const QString folder = p.value("screenshots");
    QDir().mkpath(folder);
    QObject::connect(&window, &ds::ui::MainWindow::resultShown, &window, [&window, folder] {
      screenshotsWhenReady(window, folder, {"depth", "3d", "compare"}, 0);
    });
  }
  if (p.isSet("quit-after-run") || p.isSet("screenshots")) {
    QObject::connect(&window, &ds::ui::MainWindow::runFailed, &app, [](const QString& m) {
      std::fprintf(stderr, "depthstudio: %s\n", qPrintable(m));
      QApplication::exit(1);
    });
  }
  if (!files.isEmpty()) window.openFiles(files);
  return QApplication::exec();
}
