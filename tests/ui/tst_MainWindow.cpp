// The whole window, the way a user drives it (under Xvfb: it holds OpenGL views): files dropped
// with synthesized drag-and-drop events, the pipeline run to the end on tiny untrained built-in
// models, live steps arriving, the step slider scrubbed with the views following, metrics from
// the dropped ground truth, an export whose mesh reads back, and a bad drop reported in the
// window. A heartbeat timer measures how long the GUI thread is ever kept from its event loop.
#include <QApplication>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include "common/BuiltinTestModels.h"
#include "common/TestPaths.h"
#include "core/geometry/GeometryReader.h"
#include "core/models/BuiltinBaseModel.h"
#include "ui/ComparePanel.h"
#include "ui/DepthView.h"
#include "ui/MainWindow.h"
#include "ui/MetricsPanel.h"
#include "ui/PipelinePanel.h"
#include "ui/PipelineRunner.h"
#include "ui/StepSlider.h"
#include "ui/View3DHost.h"

using namespace ds;
using namespace ds::ui;

namespace {

void drop(QWidget& target, const QStringList& files) {
  QMimeData mime;
  QList<QUrl> urls;
  for (const QString& f : files)
    urls << QUrl::fromLocalFile(f);
  mime.setUrls(urls);
  const QPoint at = target.rect().center();
  QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&target, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent dropped(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&target, &dropped);
}

// The longest wait between ticks of a 5 ms timer on the GUI thread.
struct Heartbeat {
  QTimer timer;
  QElapsedTimer clock;
  qint64 last = 0, worst = 0;
  Heartbeat() {
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, [this] {
      const qint64 now = clock.elapsed();
      worst = std::max(worst, now - last);
      last = now;
    });
    clock.start();
    timer.start();
  }
};

}  // namespace

class tst_MainWindow : public QObject {
  Q_OBJECT
  QTemporaryDir models_, out_;
  ModelRegistry registry_;

  PipelineOptions quickOptions(const MainWindow& w) {
    PipelineOptions o = w.pipelinePanel()->options();
    o.workingSize = 64;
    o.restore.sampling.steps = o.refine.sampling.steps = 4;
    o.modelOptions.device = "cpu";
    return o;
  }

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    test::writeBuiltinTestModels(models_.path().toStdString());
    registry_.addSearchFolder(models_.path().toStdString());
    registerTorchBackends(registry_);
  }

  void dropRunScrubAndExport() {
    const auto frame = test::sharedData() / "rgbd" / "open3d_tum";
    DS_REQUIRE_DATA(frame / "rgb.png");
    MainWindow w(registry_);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // A first run offers the built-in pipeline: the automatic base (the built-in network for one
    // photo), restoration and refinement.
    PipelineOptions o = w.pipelinePanel()->options();
    QCOMPARE(o.model, std::string());
    QVERIFY(o.restore.enabled && o.refine.enabled);
    w.pipelinePanel()->setOptions(quickOptions(w));
    QTest::qWait(300);  // past the window's first paints

    QSignalSpy shown(&w, &MainWindow::resultShown), failed(&w, &MainWindow::runFailed);
    QSignalSpy steps(w.runner(), &PipelineRunner::stepArrived);
    Heartbeat beat;
    drop(w, {QString::fromStdString((frame / "rgb.png").string()),
             QString::fromStdString((frame / "depth.png").string())});
    QVERIFY2(shown.wait(180000),
             failed.isEmpty() ? "no result" : qPrintable(failed[0][0].toString()));
    beat.timer.stop();
    qInfo("GUI thread: worst gap between 5 ms heartbeats during the run: %lld ms", beat.worst);
    QVERIFY2(beat.worst < 100,
             qPrintable(QString("the GUI thread was blocked %1 ms").arg(beat.worst)));
    QCOMPARE(steps.count(), 8);  // every restored and refined step arrived live

    const ResultViews& v = w.views();
    QStringList names;
    for (const StageView& s : v.stages)
      names << s.name;
    QCOMPARE(names, QStringList({"base", "restored", "refined"}));
    QVERIFY2(v.groundTruthProblem.isEmpty(), qPrintable(v.groundTruthProblem));
    QCOMPARE(w.metricsPanel()->rowCount(), 3);
    auto* compareMetrics = w.comparePanel()->findChild<MetricsPanel*>("compareMetrics");
    QVERIFY(compareMetrics);
    QCOMPARE(compareMetrics->rowCount(), 3);
    for (const StageView& s : v.stages) {
      QVERIFY(s.hasMetrics);
      QVERIFY(s.metrics.metrics.absRel > 0 && s.metrics.metrics.absRel < 2);
    }
    // The final output is on show.
    QCOMPARE(w.depthView()->depth(), v.stage("refined")->depth);
    QCOMPARE(w.view3d()->model(), v.stage("refined")->mesh);

    // Scrubbing: the depth view shows the step's x0 at once, the 3D view its mesh soon after.
    StepSlider* slider = w.stepSlider();
    slider->setStage("restored");
    QCOMPARE(slider->stepCount(), 4);
    slider->setStep(0);
    QCOMPARE(w.depthView()->depth(), v.stage("restored")->trajectory[0]);
    QTRY_VERIFY(w.view3d()->model() && w.view3d()->model() != v.stage("refined")->mesh &&
                w.view3d()->model() != v.stage("restored")->mesh);
    slider->setStep(3);  // the last step is the stage's result, with its full mesh
    QCOMPARE(w.depthView()->depth(), v.stage("restored")->depth);
    QTRY_COMPARE(w.view3d()->model(), v.stage("restored")->mesh);

    // Export: depth, a point cloud, a mesh another program can open, normals, the comparison.
    ExportChoices c;
    c.folder = out_.filePath("export");
    c.stage = "refined";
    c.depthFormats = QStringList{"npy", "png"};
    c.pointCloud = "ply";
    c.mesh = "obj";
    c.normals = true;
    c.comparison = true;
    QSignalSpy exported(&w, &MainWindow::exportFinished);
    w.exportTo(c);
    QVERIFY(exported.wait(60000));
    QVERIFY2(exported[0][0].toBool(), qPrintable(exported[0][1].toString()));
    const QDir dir(c.folder);
    for (const char* f : {"result.json", "refined_depth.npy", "refined_depth.png",
                          "refined_points.ply", "refined_normals.png", "comparison.png"})
      QVERIFY2(dir.exists(f), f);
    const TriangleMesh mesh = readMesh(dir.filePath("refined_mesh.obj").toStdString());
    QVERIFY(mesh.vertexCount() > 1000);
    QVERIFY(mesh.triangleCount() > 1000);
    QImage comparison(dir.filePath("comparison.png"));
    QVERIFY(comparison.width() > 300);
    // No temporary files are left behind.
    for (const QString& f : dir.entryList(QDir::Files))
      QVERIFY2(!f.contains(".tmp"), qPrintable(f));
  }

  void badDropIsReportedInTheWindow() {
    MainWindow w(registry_);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTemporaryDir dir;
    const QString bad = dir.filePath("broken.png");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a PNG");
    f.close();
    QSignalSpy failed(&w, &MainWindow::runFailed);
    drop(w, {bad});
    QVERIFY(failed.wait(30000));
    const QString message = failed[0][0].toString();
    QVERIFY2(message.contains("broken.png"), qPrintable(message));
    QVERIFY(!w.views().result);
    // A text file never gets as far as loading.
    const QString txt = dir.filePath("notes.txt");
    QFile t(txt);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.close();
    drop(w, {txt});
    QTRY_COMPARE(failed.count(), 2);
    QVERIFY(failed[1][0].toString().contains("notes.txt"));
  }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
