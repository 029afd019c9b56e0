#include <QtTest/QtTest>
#include <algorithm>
#include <cmath>

#include "core/image/ColorLegend.h"
#include "core/image/Colormap.h"
#include "core/util/Error.h"

using ds::ColormapName;
using ds::ColormapOptions;
using ds::ColorRange;
using ds::DepthKind;
using ds::Image;

namespace {

struct BarEnds {
  std::array<int, 3> top{}, bottom{};
  bool found = false;
};

// The bar is the only coloured (non-grey) thing in a turbo legend: text and frame are grey. Take
// the first column that has colour, step two pixels in, and read its first and last coloured rows.
BarEnds findBarEnds(const Image& legend) {
  const std::vector<uint8_t> px = legend.toBytes();
  auto rgbAt = [&](int x, int y) {
    const size_t i = (size_t(y) * size_t(legend.width()) + size_t(x)) * 3;
    return std::array<int, 3>{px[i], px[i + 1], px[i + 2]};
  };
  auto coloured = [&](int x, int y) {
    const auto c = rgbAt(x, y);
    return *std::max_element(c.begin(), c.end()) - *std::min_element(c.begin(), c.end()) > 20;
  };
  BarEnds ends;
  for (int x = 0; x < legend.width() && !ends.found; ++x)
    for (int y = 0; y < legend.height(); ++y)
      if (coloured(x, y)) {
        ends.found = true;
        const int column = x + 2;
        int first = -1, last = -1;
        for (int yy = 0; yy < legend.height(); ++yy)
          if (coloured(column, yy)) {
            if (first < 0) first = yy;
            last = yy;
          }
        ends.top = rgbAt(column, first);
        ends.bottom = rgbAt(column, last);
        break;
      }
  return ends;
}

bool sameColour(std::array<int, 3> got, std::array<uint8_t, 3> want) {
  for (int c = 0; c < 3; ++c)
    if (std::abs(got[size_t(c)] - int(want[size_t(c)])) > 1) return false;
  return true;
}

template <typename F>
void expectError(F f, const char* fragment) {
  try {
    f();
    QFAIL("expected a ds::Error");
  } catch (const ds::Error& e) {
    const std::string msg = e.what();
    if (msg.find(fragment) == std::string::npos)
      QFAIL(qPrintable(QString("message '%1' lacks '%2'").arg(msg.c_str(), fragment)));
  }
}

}  // namespace

class tst_ColorLegend : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void hasTheRequestedSize() {
    const Image legend =
        ds::colorLegend(ColormapOptions(), {1.0, 5.0}, DepthKind::MetricDepth, 130, 300, "m");
    QCOMPARE(legend.width(), 130);
    QCOMPARE(legend.height(), 300);
    QCOMPARE(legend.channels(), 3);
    // White background, and something dark (text) drawn on it.
    QCOMPARE(legend.at(legend.width() - 1, legend.height() - 1, 0), 1.0f);
    const auto& p = legend.pixels();
    QVERIFY(*std::min_element(p.begin(), p.end()) < 0.3f);
  }

  void barEndsCarryTheMapEndsInOrder() {
    const auto& turbo = ds::Colormap::get(ColormapName::Turbo);
    ColormapOptions o;  // turbo, nearIsHigh
    // Depth: the top of the bar is the largest depth = far = the map's low end.
    BarEnds e = findBarEnds(ds::colorLegend(o, {1.0, 5.0}, DepthKind::MetricDepth, 120, 260));
    QVERIFY(e.found);
    QVERIFY(sameColour(e.top, turbo.entry(0)));
    QVERIFY(sameColour(e.bottom, turbo.entry(255)));
    // Inverse depth: the top is the largest inverse depth = near = the high end.
    e = findBarEnds(ds::colorLegend(o, {0.1, 2.0}, DepthKind::RelativeInverseDepth, 120, 260));
    QVERIFY(sameColour(e.top, turbo.entry(255)));
    QVERIFY(sameColour(e.bottom, turbo.entry(0)));
    // reverse flips the bar like it flips the picture.
    o.reverse = true;
    e = findBarEnds(ds::colorLegend(o, {1.0, 5.0}, DepthKind::MetricDepth, 120, 260));
    QVERIFY(sameColour(e.top, turbo.entry(255)));
    QVERIFY(sameColour(e.bottom, turbo.entry(0)));
  }

  void labelsAreReadable() {
    ColormapOptions o;
    const auto metric = ds::legendTickLabels(o, {0.5, 2.5}, DepthKind::MetricDepth, "m");
    QCOMPARE(metric.size(), size_t(5));
    QCOMPARE(QString::fromStdString(metric.front()), QString("2.50 m"));
    QCOMPARE(QString::fromStdString(metric[3]), QString("1.00 m"));
    QCOMPARE(QString::fromStdString(metric.back()), QString("0.50 m"));
    const auto rel = ds::legendTickLabels(o, {0.0, 1.0}, DepthKind::RelativeDepth, "m");
    QCOMPARE(QString::fromStdString(rel.front()), QString("1.00"));  // no unit on relative kinds
    QCOMPARE(QString::fromStdString(rel[2]), QString("0.50"));
    QCOMPARE(QString::fromStdString(rel.back()), QString("0.00"));
    const auto big = ds::legendTickLabels(o, {0.0, 4000.0}, DepthKind::RelativeInverseDepth);
    QCOMPARE(QString::fromStdString(big[1]), QString("3000"));
    // On the inverse-depth scale the ticks are even in 1/depth but still labelled in metres.
    o.scale = ds::ColorScale::InverseDepth;
    const auto inv = ds::legendTickLabels(o, {1.0, 4.0}, DepthKind::MetricDepth);
    QCOMPARE(QString::fromStdString(inv.front()), QString("1.00 m"));
    QCOMPARE(QString::fromStdString(inv.back()), QString("4.00 m"));
    QCOMPARE(QString::fromStdString(ds::legendTitle(DepthKind::MetricDepth, "mm")),
             QString("depth (mm)"));
  }

  void withLegendPlacesItToTheRight() {
    ds::DepthMap d(200, 100, DepthKind::MetricDepth);
    for (size_t i = 0; i < d.values().size(); ++i) {
      d.values()[i] = 1.0f + float(i % 200) / 50.0f;
      d.validMask()[i] = 1;
    }
    ColorRange used;
    const Image map = ds::colorize(d, ColormapOptions(), &used);
    const Image legend = ds::colorLegend(ColormapOptions(), used, d.kind(), 80, 100);
    const Image both = ds::withLegend(map, legend);
    QCOMPARE(both.width(), 280);
    QCOMPARE(both.height(), 100);
    for (int c = 0; c < 3; ++c) {
      QCOMPARE(both.at(17, 40, c), map.at(17, 40, c));
      QCOMPARE(both.at(200 + 63, 71, c), legend.at(63, 71, c));
    }
    // A taller legend (a small map) pads the map's side with white below it.
    const Image tall =
        ds::withLegend(map, ds::colorLegend(ColormapOptions(), used, d.kind(), 80, 120));
    QCOMPARE(tall.height(), 120);
    QCOMPARE(tall.at(10, 110, 0), 1.0f);
    QCOMPARE(tall.at(10, 50, 1), map.at(10, 50, 1));
  }

  void badRequestsAreRefused() {
    expectError(
        [] {
          ds::colorLegend(ColormapOptions(), {1, 2}, DepthKind::MetricDepth, 20, 20);
        },
        "at least 48 x 64");
    expectError(
        [] {
          ds::colorLegend(ColormapOptions(), {2, 2}, DepthKind::MetricDepth, 100, 200);
        },
        "lo < hi");
    ColormapOptions o;
    o.scale = ds::ColorScale::InverseDepth;
    expectError(
        [&] {
          ds::colorLegend(o, {0.0, 2.0}, DepthKind::MetricDepth, 100, 200);
        },
        "cannot be used");
    o = ColormapOptions();
    o.lowPercentile = 99;
    expectError(
        [&] {
          ds::colorLegend(o, {1, 2}, DepthKind::MetricDepth, 100, 200);
        },
        "percentiles");
  }
};

QTEST_GUILESS_MAIN(tst_ColorLegend)
#include "tst_ColorLegend.moc"
