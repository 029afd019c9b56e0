#include <QtTest/QtTest>
#include <cmath>
#include <random>

#include "common/TestErrors.h"
#include "core/stereo/MetricAlignment.h"
#include "core/util/Error.h"

using ds::DepthKind;
using ds::DepthMap;

namespace {

constexpr int W = 120, H = 90;

// Metric depth: a slanted floor-like ramp from 1 to 6 m with some structure.
DepthMap metricScene() {
  std::vector<float> z(size_t(W) * H);
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x)
      z[size_t(y) * W + size_t(x)] = 1.0f + 5.0f * float(y) / H + 0.5f * std::sin(0.1f * float(x));
  return DepthMap(W, H, DepthKind::MetricDepth, z);
}

// Relative map with target = scale * relative + shift in its own space (depth or 1/depth).
DepthMap relativeOf(const DepthMap& metric, DepthKind kind, double scale, double shift) {
  std::vector<float> v(metric.pixelCount());
  for (size_t i = 0; i < v.size(); ++i) {
    const double t =
        kind == DepthKind::RelativeInverseDepth ? 1.0 / metric.values()[i] : metric.values()[i];
    v[i] = float((t - shift) / scale);
  }
  return DepthMap(W, H, kind, v, std::vector<uint8_t>(v.size(), 1));
}

// Replaces 30% of the metric pixels by gross errors (0.2 to 40 m, as bad stereo matches give).
DepthMap withOutliers(DepthMap metric, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f), bad(0.2f, 40.0f);
  for (float& z : metric.values())
    if (u(rng) < 0.3f) z = bad(rng);
  return metric;
}

}  // namespace

class tst_MetricAlignment : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void recoversScaleAndShiftDespiteOutliers_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("method");
    QTest::addColumn<double>("scale");
    QTest::addColumn<double>("shift");
    for (auto m : {ds::RobustFit::Huber, ds::RobustFit::Tukey, ds::RobustFit::Ransac}) {
      const std::string name = ds::toString(m);
      QTest::newRow(("depth, " + name).c_str())
          << int(DepthKind::RelativeDepth) << int(m) << 2.5 << 0.4;
      QTest::newRow(("inverse depth, " + name).c_str())
          << int(DepthKind::RelativeInverseDepth) << int(m) << 0.03 << 0.12;
    }
  }
  void recoversScaleAndShiftDespiteOutliers() {
    QFETCH(int, kind);
    QFETCH(int, method);
    QFETCH(double, scale);
    QFETCH(double, shift);
    const DepthMap truth = metricScene();
    const DepthMap relative = relativeOf(truth, DepthKind(kind), scale, shift);
    ds::MetricAlignmentOptions o;
    o.method = ds::RobustFit(method);
    const auto r = ds::MetricAlignment(o).align(relative, withOutliers(truth, 5));
    QVERIFY2(r.ok, r.message.c_str());
    QCOMPARE(r.inverseSpace, DepthKind(kind) == DepthKind::RelativeInverseDepth);
    // Huber still gives the gross errors some pull; the redescending fits ignore them.
    const double tol = o.method == ds::RobustFit::Huber ? 0.02 : 1e-4;
    QVERIFY2(std::abs(r.scale / scale - 1) < tol, qPrintable(QString::number(r.scale)));
    QVERIFY2(std::abs(r.shift - shift) < tol * std::abs(shift) + tol * 0.01,
             qPrintable(QString::number(r.shift)));
    QVERIFY2(std::abs(r.inlierFraction - 0.7) < 0.05,
             qPrintable(QString::number(r.inlierFraction)));
    QVERIFY(r.aligned.kind() == DepthKind::MetricDepth);
    QCOMPARE(r.samples, size_t(W * H));
    // The aligned map reproduces the clean metric depth everywhere.
    for (int y = 0; y < H; y += 7)
      for (int x = 0; x < W; x += 7)
        QVERIFY(std::abs(r.aligned.at(x, y) / truth.at(x, y) - 1) < 10 * tol + 1e-3);
  }
  void upsideDownIsRefused() {
    // Depth labelled as inverse depth runs the wrong way: near is small instead of large.
    const DepthMap truth = metricScene();
    const DepthMap wrongKind = truth.withKind(DepthKind::RelativeInverseDepth);
    for (auto m : {ds::RobustFit::Huber, ds::RobustFit::Tukey, ds::RobustFit::Ransac}) {
      ds::MetricAlignmentOptions o;
      o.method = m;
      const auto r = ds::MetricAlignment(o).align(wrongKind, truth);
      QVERIFY(!r.ok);
      QVERIFY2(QString::fromStdString(r.message).contains("upside down"), r.message.c_str());
      QVERIFY(r.aligned.empty());
    }
    // Relative depth that grows towards the camera.
    std::vector<float> flipped;
    for (float z : truth.values())
      flipped.push_back(10.0f - z);
    const auto r = ds::MetricAlignment().align(DepthMap(W, H, DepthKind::RelativeDepth, flipped),
                                               withOutliers(truth, 9));
    QVERIFY(!r.ok);
    QVERIFY2(QString::fromStdString(r.message).contains("upside down"), r.message.c_str());
  }
  void tooFewCommonPixelsFails() {
    DepthMap metric = metricScene();
    std::fill(metric.validMask().begin(), metric.validMask().end(), 0);
    metric.validMask()[0] = 1;
    const auto r = ds::MetricAlignment().align(
        relativeOf(metricScene(), DepthKind::RelativeDepth, 1, 0), metric);
    QVERIFY(!r.ok);
    QVERIFY2(QString::fromStdString(r.message).contains("only 1 pixels"), r.message.c_str());
  }
  void badInputIsRefused() {
    const DepthMap metric = metricScene();
    const DepthMap relative = relativeOf(metric, DepthKind::RelativeDepth, 1, 0);
    const ds::MetricAlignment a;
    QVERIFY(ds::test::errorOf([&] {
              a.align(relative, DepthMap(10, 10, DepthKind::MetricDepth));
            }).contains("differ in size"));
    QVERIFY(
        ds::test::errorOf([&] { a.align(relative, relative); }).contains("must be metric_depth"));
    QVERIFY(ds::test::errorOf([&] { a.align(DepthMap(), metric); }).contains("empty"));
  }
  void badOptionsAreRefused_data() {
    QTest::addColumn<QString>("field");
    for (const char* f : {"huberK", "tukeyC", "maxIterations", "hypotheses", "inlierSigmas",
                          "minSamples", "maxSamples"})
      QTest::newRow(f) << f;
  }
  void badOptionsAreRefused() {
    QFETCH(QString, field);
    ds::MetricAlignmentOptions o;
    if (field == "huberK") o.huberK = 0;
    if (field == "tukeyC") o.tukeyC = -1;
    if (field == "maxIterations") o.maxIterations = 0;
    if (field == "hypotheses") o.hypotheses = 0;
    if (field == "inlierSigmas") o.inlierSigmas = 0;
    if (field == "minSamples") o.minSamples = 1;
    if (field == "maxSamples") o.maxSamples = 5;
    const QString message = ds::test::errorOf([&] { ds::MetricAlignment{o}; });
    QVERIFY2(message.contains(field), qPrintable(message));
  }
  void constantPredictionFails() {
    const DepthMap metric = metricScene();
    DepthMap flat(W, H, DepthKind::RelativeDepth, std::vector<float>(size_t(W) * H, 3.0f));
    const auto r = ds::MetricAlignment().align(flat, metric);
    QVERIFY(!r.ok);
    QVERIFY2(QString::fromStdString(r.message).contains("constant"), r.message.c_str());
  }
  void methodNamesRoundTrip() {
    for (auto m : {ds::RobustFit::Huber, ds::RobustFit::Tukey, ds::RobustFit::Ransac})
      QVERIFY(*ds::parseRobustFit(ds::toString(m)) == m);
    QVERIFY(!ds::parseRobustFit("l2").has_value());
  }
};

QTEST_GUILESS_MAIN(tst_MetricAlignment)
#include "tst_MetricAlignment.moc"
