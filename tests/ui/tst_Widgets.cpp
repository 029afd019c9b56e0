// The plain widgets on their own (offscreen): the step slider's frames, the pipeline panel's
// binding to PipelineOptions, the export dialog's remembered choices, and the depth view's
// colouring, hover readout and zoom around the cursor.
#include <QApplication>
#include <QCheckBox>
#include <QMouseEvent>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QWheelEvent>
#include <QtTest/QtTest>

#include "ui/DepthView.h"
#include "ui/ExportDialog.h"
#include "ui/MetricsPanel.h"
#include "ui/PipelinePanel.h"
#include "ui/StepSlider.h"

using namespace ds;
using namespace ds::ui;

namespace {

std::shared_ptr<const DepthMap> constantMap(float v) {
  return std::make_shared<const DepthMap>(8, 6, DepthKind::MetricDepth, std::vector<float>(48, v));
}

// Metric depth 1 + x: every column its own value.
std::shared_ptr<const DepthMap> ramp(int w, int h) {
  std::vector<float> v(size_t(w * h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      v[size_t(y * w + x)] = 1.0f + float(x);
  return std::make_shared<const DepthMap>(w, h, DepthKind::MetricDepth, std::move(v));
}

struct Hover {
  int x = -1, y = -1;
  bool valid = false;
  double value = 0;
};

Hover hoverAt(DepthView& view, QPointF pos) {
  Hover h;
  auto c = QObject::connect(&view, &DepthView::hovered,
                            [&h](int x, int y, bool valid, double value, const QString&) {
                              h = {x, y, valid, value};
                            });
  QMouseEvent move(QEvent::MouseMove, pos, view.mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                   Qt::NoModifier);
  QApplication::sendEvent(&view, &move);
  QObject::disconnect(c);
  return h;
}

}  // namespace

class tst_Widgets : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
  }

  void stepSliderSelectsFrames() {
    StepSlider s;
    QSignalSpy spy(&s, &StepSlider::frameSelected);
    const std::vector<std::shared_ptr<const DepthMap>> frames = {constantMap(1), constantMap(2),
                                                                 constantMap(3)};
    s.setTrajectory("refined", frames, {999, 500, 0});
    s.setStage("refined");
    QCOMPARE(s.stepCount(), 3);
    s.setStep(1);
    QVERIFY(!spy.isEmpty());
    QList<QVariant> last = spy.takeLast();
    QCOMPARE(last.at(0).toString(), QString("refined"));
    QCOMPARE(last.at(1).toInt(), 1);
    QCOMPARE(last.at(2).value<std::shared_ptr<const DepthMap>>(), frames[1]);
    s.setStep(7);  // clamped to the last step: the stage's result
    QCOMPARE(s.step(), 2);
    QCOMPARE(spy.takeLast().at(2).value<std::shared_ptr<const DepthMap>>(), frames[2]);

    // Live frames: the slider follows the newest step of the running stage.
    const auto a = constantMap(4), b = constantMap(5);
    s.addLiveFrame("restored", 1, 4, a);
    QCOMPARE(s.stage(), QString("restored"));
    QCOMPARE(s.stepCount(), 4);
    QCOMPARE(s.step(), 0);
    s.addLiveFrame("restored", 2, 4, b);
    QCOMPARE(s.step(), 1);
    QCOMPARE(spy.takeLast().at(2).value<std::shared_ptr<const DepthMap>>(), b);
    // The other stage's trajectory is still there.
    s.setStage("refined");
    QCOMPARE(s.stepCount(), 3);
    s.clear();
    QCOMPARE(s.stepCount(), 0);
  }

  void pipelinePanelRoundTripsOptions() {
    PipelinePanel panel;
    PipelineOptions o;
    o.restore.enabled = true;
    o.restore.sampling.steps = 7;
    o.refine.enabled = false;
    o.refine.sampling.steps = 3;
    o.depthgen.enabled = true;
    o.depthgen.sampling.steps = 13;
    for (DiffusionStageSettings* s : {&o.restore, &o.refine, &o.depthgen}) {
      s->sampling.ensemble = 3;
      s->sampling.seed = 99;
    }
    o.auxView = false;
    o.workingSize = 320;
    o.modelOptions.device = "cpu";
    o.sgbm.numDisparities = 192;  // not on the panel: must survive
    panel.setOptions(o);
    const PipelineOptions back = panel.options();
    QCOMPARE(back.restore.enabled, true);
    QCOMPARE(back.restore.sampling.steps, 7);
    QCOMPARE(back.refine.enabled, false);
    QCOMPARE(back.refine.sampling.steps, 3);
    QCOMPARE(back.depthgen.enabled, true);
    QCOMPARE(back.depthgen.sampling.steps, 13);
    QCOMPARE(back.refine.sampling.ensemble, 3);
    QCOMPARE(back.depthgen.sampling.seed, uint64_t(99));
    QCOMPARE(back.auxView, false);
    QCOMPARE(back.workingSize, 320);
    QCOMPARE(back.modelOptions.device, std::string("cpu"));
    QCOMPARE(back.sgbm.numDisparities, 192);
    // The default options show the refiner's one step in the singular.
    panel.setOptions(PipelineOptions{});
    QCOMPARE(panel.findChild<QSpinBox*>("refineSteps")->text(), QString("1 step"));
    QCOMPARE(panel.findChild<QSpinBox*>("restoreSteps")->text(), QString("10 steps"));
    back.check();

    QSignalSpy changed(&panel, &PipelinePanel::optionsChanged);
    panel.findChild<QCheckBox*>("refine")->click();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.options().refine.enabled, true);
  }

  void pipelinePanelDefaultsToEachModelsOwnSize() {
    PipelinePanel panel;
    panel.setOptions(PipelineOptions{});
    auto* size = panel.findChild<QSpinBox*>("workingSize");
    QVERIFY(size);
    QCOMPARE(size->text(), QString("model's own"));
    QCOMPARE(panel.options().workingSize, 0);
    size->stepUp();  // from "model's own" to the smallest size a network runs at
    QCOMPARE(panel.options().workingSize, 32);
    size->setValue(5);  // typed: no network runs that small
    QCOMPARE(panel.options().workingSize, 32);
    panel.options().check();
  }

  void exportDialogRemembersChoices() {
    ExportDialog dialog({"base", "restored", "refined"});
    ExportChoices c;
    c.folder = "/tmp/somewhere";
    c.stage = "restored";
    c.depthFormats = QStringList{"png", "exr"};
    c.pointCloud = "pcd";
    c.mesh = "obj";
    c.normals = false;
    c.comparison = true;
    c.trajectories = true;
    dialog.setChoices(c);
    const ExportChoices back = dialog.choices();
    QCOMPARE(back.folder, c.folder);
    QCOMPARE(back.stage, c.stage);
    QCOMPARE(back.depthFormats, c.depthFormats);
    QCOMPARE(back.pointCloud, c.pointCloud);
    QCOMPARE(back.mesh, c.mesh);
    QCOMPARE(back.normals, false);
    QCOMPARE(back.trajectories, true);
    ExportDialog::save(back);
    const ExportChoices loaded = ExportDialog::load();
    QCOMPARE(loaded.folder, c.folder);
    QCOMPARE(loaded.depthFormats, c.depthFormats);
    QCOMPARE(loaded.mesh, c.mesh);
    QCOMPARE(loaded.normals, false);
    // A stage the next result does not have falls back to its last (the final output).
    ExportDialog other({"stereo", "refined"});
    other.setChoices(loaded);
    QCOMPARE(other.choices().stage, QString("refined"));
  }

  void depthViewColoursHoversAndZooms() {
    DepthView view;
    view.resize(400, 200);
    ColormapOptions cm;
    cm.map = ColormapName::Gray;
    cm.range = RangeMode::Auto;
    view.setColormap(cm);
    view.setDepth(ramp(40, 20), "ramp");
    QTRY_VERIFY(!view.colouringPending());
    QCoreApplication::processEvents();  // the finished colouring lands through the event loop

    // The legend (110 px wide + 8) sits on the right; the map fits the rest: scale 282/40.
    const double s = 282.0 / 40.0, left = 141.0 - 20 * s, top = 100.0 - 10 * s;
    auto screen = [&](double mx, double my) { return QPointF(left + mx * s, top + my * s); };
    const QImage shown = view.renderToImage();
    const QColor nearest = shown.pixelColor(screen(0.5, 10).toPoint());
    const QColor farthest = shown.pixelColor(screen(39.5, 10).toPoint());
    QVERIFY2(std::abs(nearest.lightness() - farthest.lightness()) > 150,
             qPrintable(QString("%1 vs %2").arg(nearest.lightness()).arg(farthest.lightness())));

    Hover h = hoverAt(view, screen(10.5, 5.5));
    QCOMPARE(h.x, 10);
    QCOMPARE(h.y, 5);
    QVERIFY(h.valid);
    QCOMPARE(h.value, 11.0);
    h = hoverAt(view, QPointF(398, 2));  // on the legend: outside the map
    QVERIFY(!h.valid);

    // Wheel zoom keeps the map point under the cursor in place.
    const QPointF cursor = screen(30.5, 15.5);
    QSignalSpy viewChanged(&view, &DepthView::viewChanged);
    QWheelEvent wheel(cursor, view.mapToGlobal(cursor), QPoint(), QPoint(0, 480), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
    QVERIFY(view.zoom() > 1.5);
    QCOMPARE(viewChanged.count(), 1);
    h = hoverAt(view, cursor);
    QCOMPARE(h.x, 30);
    QCOMPARE(h.y, 15);
    // A linked view set to the same zoom and centre shows the same pixel there.
    DepthView linked;
    linked.resize(400, 200);
    linked.setDepth(ramp(40, 20));
    QTRY_VERIFY(!linked.colouringPending());
    QCoreApplication::processEvents();
    linked.setView(view.zoom(), view.centre());
    h = hoverAt(linked, cursor);
    QCOMPARE(h.x, 30);
    QCOMPARE(h.y, 15);
  }
  void metricsPanelWarnsOfUnscoredGroundTruth() {
    ResultViews v;
    for (const char* name : {"base", "refined"}) {
      StageView s;
      s.name = name;
      s.hasMetrics = true;
      s.metrics.metrics.truthPixels = 1000;
      s.metrics.metrics.count = std::string(name) == "base" ? 1000 : 375;
      s.metrics.metrics.absRel = 0.25;
      v.stages.push_back(s);
    }
    MetricsPanel panel;
    panel.showResult(v);
    QCOMPARE(panel.rowCount(), 2);
    QVERIFY2(panel.noteText().contains("refined has no value on 62.5 % of the ground-truth"),
             qPrintable(panel.noteText()));
    QVERIFY(!panel.noteText().contains("base has no value"));
    v.stages[1].metrics.metrics.count = 1000;
    panel.showResult(v);
    QVERIFY2(!panel.noteText().contains("Warning"), qPrintable(panel.noteText()));
  }
};

QTEST_MAIN(tst_Widgets)
#include "tst_Widgets.moc"
