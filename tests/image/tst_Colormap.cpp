#include <QtTest/QtTest>
#include <cmath>
#include <limits>
#include <random>

#include "core/image/Colormap.h"
#include "core/util/Error.h"

using ds::ColormapName;
using ds::ColormapOptions;
using ds::ColorRange;
using ds::ColorScale;
using ds::DepthKind;
using ds::DepthMap;
using ds::Image;
using ds::RangeMode;

namespace {

// A depth ramp from 1 to 10 over a w x h grid, with every 7th pixel invalid.
DepthMap depthRamp(int w, int h) {
  DepthMap d(w, h, DepthKind::MetricDepth);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = size_t(y) * size_t(w) + size_t(x);
      d.at(x, y) = 1.0f + 9.0f * float(i) / float(w * h - 1);
      d.setValid(x, y, i % 7 != 3);
    }
  return d;
}

DepthMap reciprocal(const DepthMap& d) {
  DepthMap inv = d.withKind(DepthKind::RelativeInverseDepth);
  for (float& v : inv.values())
    v = 1.0f / v;
  return inv;
}

float maxAbsDiff(const Image& a, const Image& b) {
  float m = 0.0f;
  for (size_t i = 0; i < a.pixels().size(); ++i)
    m = std::max(m, std::abs(a.pixels()[i] - b.pixels()[i]));
  return m;
}

void compareRgb(const Image& img, int x, int y, std::array<uint8_t, 3> want) {
  for (int c = 0; c < 3; ++c)
    QCOMPARE(int(std::lround(img.at(x, y, c) * 255.0f)), int(want[size_t(c)]));
}

// 1 x n map of the given values, all valid, nearIsHigh off so that larger = higher on the map.
DepthMap row(std::vector<float> v, DepthKind kind = DepthKind::RelativeDepth) {
  const int n = int(v.size());
  return DepthMap(n, 1, kind, std::move(v), std::vector<uint8_t>(size_t(n), 1));
}

ColormapOptions grayUp(RangeMode mode) {
  ColormapOptions o;
  o.map = ColormapName::Gray;
  o.range = mode;
  o.nearIsHigh = false;
  return o;
}

void expectError(const ColormapOptions& o, const char* fragment) {
  try {
    o.check();
    QFAIL("check() accepted bad options");
  } catch (const ds::Error& e) {
    const std::string msg = e.what();
    if (msg.find(fragment) == std::string::npos)
      QFAIL(qPrintable(QString("message '%1' lacks '%2'").arg(msg.c_str(), fragment)));
  }
  QVERIFY_THROWS_EXCEPTION(ds::Error, ds::colorize(row({1, 2}), o));
}

}  // namespace

class tst_Colormap : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tableEndsMatchOpenCv() {
    auto near = [](std::array<uint8_t, 3> got, std::array<int, 3> want) {
      for (int c = 0; c < 3; ++c)
        if (std::abs(int(got[size_t(c)]) - want[size_t(c)]) > 2) return false;
      return true;
    };
    using ds::Colormap;
    QVERIFY(near(Colormap::get(ColormapName::Turbo).entry(0), {48, 18, 59}));
    QVERIFY(near(Colormap::get(ColormapName::Turbo).entry(255), {122, 4, 3}));
    QVERIFY(near(Colormap::get(ColormapName::Viridis).entry(0), {68, 1, 84}));
    QVERIFY(near(Colormap::get(ColormapName::Viridis).entry(255), {253, 231, 37}));
    QVERIFY(near(Colormap::get(ColormapName::Inferno).entry(0), {0, 0, 4}));
    QVERIFY(near(Colormap::get(ColormapName::Inferno).entry(255), {252, 255, 164}));
    QVERIFY(Colormap::get(ColormapName::Gray).entry(0) == (std::array<uint8_t, 3>{0, 0, 0}));
    QVERIFY(Colormap::get(ColormapName::Gray).entry(255) ==
            (std::array<uint8_t, 3>{255, 255, 255}));
    // Turbo's middle is green-ish, so the table is not reversed or channel-swapped halfway.
    const auto mid = Colormap::get(ColormapName::Turbo).entry(128);
    QVERIFY(mid[1] > mid[0] && mid[1] > mid[2]);
  }

  void sampleInterpolatesBetweenEntries() {
    const auto& turbo = ds::Colormap::get(ColormapName::Turbo);
    const auto a = turbo.entry(100), b = turbo.entry(101);
    const auto half = turbo.sample(100.5 / 255.0);
    for (int c = 0; c < 3; ++c) {
      const double want = 0.5 * (a[size_t(c)] + b[size_t(c)]);
      QVERIFY(std::abs(half[size_t(c)] * 255.0 - want) <= 0.5 + 1e-4);
    }
    QCOMPARE(ds::Colormap::get(ColormapName::Gray).sample(0.5)[0], 128.0f / 255.0f);
    QCOMPARE(turbo.sample(-3.0)[0], float(turbo.entry(0)[0]) / 255.0f);   // clamped
    QCOMPARE(turbo.sample(7.0)[2], float(turbo.entry(255)[2]) / 255.0f);  // clamped
  }

  void namesRoundTrip() {
    for (auto n :
         {ColormapName::Turbo, ColormapName::Viridis, ColormapName::Inferno, ColormapName::Gray})
      QVERIFY(*ds::parseColormapName(ds::toString(n)) == n);
    QCOMPARE(QString::fromStdString(ds::toString(ColormapName::Gray)), QString("gray"));
    QVERIFY(!ds::parseColormapName("jet").has_value());
    for (auto m : {RangeMode::Auto, RangeMode::Percentile, RangeMode::Manual})
      QVERIFY(*ds::parseRangeMode(ds::toString(m)) == m);
    QVERIFY(!ds::parseRangeMode("minmax").has_value());
    for (auto s : {ColorScale::Native, ColorScale::Depth, ColorScale::InverseDepth})
      QVERIFY(*ds::parseColorScale(ds::toString(s)) == s);
    QVERIFY(!ds::parseColorScale("log").has_value());
  }

  void nearIsTheSameColourForDepthAndInverseDepth() {
    const DepthMap depth = depthRamp(40, 30);
    const DepthMap inverse = reciprocal(depth);
    ColormapOptions o;  // turbo, percentile, nearIsHigh
    const Image a = ds::colorize(depth, o), b = ds::colorize(inverse, o);
    // Native scale: each map is spread linearly in its own values, so mid-tones differ, but the
    // near end (top-left, depth 1) is red and the far end blue in both.
    const auto& turbo = ds::Colormap::get(ColormapName::Turbo);
    compareRgb(a, 0, 0, turbo.entry(255));
    compareRgb(b, 0, 0, turbo.entry(255));
    compareRgb(a, 39, 29, turbo.entry(0));
    compareRgb(b, 39, 29, turbo.entry(0));
    // On a common scale the two pictures are the same, pixel for pixel (1/(1/d) rounding aside).
    for (ColorScale s : {ColorScale::Depth, ColorScale::InverseDepth}) {
      o.scale = s;
      ColorRange ra, rb;
      const Image ca = ds::colorize(depth, o, &ra), cb = ds::colorize(inverse, o, &rb);
      QVERIFY(maxAbsDiff(ca, cb) <= 1.0f / 255.0f + 1e-6f);
      QVERIFY(std::abs(ra.lo - 1.0 / rb.hi) < 1e-4 * ra.lo);  // ranges are reciprocal too
    }
    // nearIsHigh off: near takes the low end instead.
    o.scale = ColorScale::Native;
    o.nearIsHigh = false;
    compareRgb(ds::colorize(depth, o), 0, 0, turbo.entry(0));
    compareRgb(ds::colorize(inverse, o), 0, 0, turbo.entry(0));
  }

  void invalidPixelsTakeTheInvalidColour() {
    const DepthMap depth = depthRamp(20, 10);
    ColormapOptions o;
    o.invalidColor = {1.0f, 0.0f, 1.0f};
    const Image img = ds::colorize(depth, o);
    QCOMPARE(img.width(), 20);
    QCOMPARE(img.height(), 10);
    QCOMPARE(img.channels(), 3);
    for (int y = 0; y < 10; ++y)
      for (int x = 0; x < 20; ++x) {
        const bool magenta =
            img.at(x, y, 0) == 1.0f && img.at(x, y, 1) == 0.0f && img.at(x, y, 2) == 1.0f;
        QCOMPARE(magenta, !depth.isValid(x, y));
      }
    // A value with no place on the scale (negative inverse depth on the depth scale) is invalid
    // too; inverse depth 0 (infinitely far) is shown at the far end.
    o.scale = ColorScale::Depth;
    const Image inv =
        ds::colorize(row({-1.0f, 0.0f, 0.5f, 1.0f}, DepthKind::RelativeInverseDepth), o);
    QCOMPARE(inv.at(0, 0, 1), 0.0f);
    QCOMPARE(inv.at(0, 0, 2), 1.0f);
    compareRgb(inv, 1, 0, ds::Colormap::get(ColormapName::Turbo).entry(0));
  }

  void percentileIgnoresAnOutlierAndAutoDoesNot() {
    std::vector<float> v;
    for (int i = 1; i <= 100; ++i)
      v.push_back(float(i));
    v.push_back(1e6f);
    const DepthMap d = row(v);
    ColorRange pr, ar;
    const Image p = ds::colorize(d, grayUp(RangeMode::Percentile), &pr);
    const Image a = ds::colorize(d, grayUp(RangeMode::Auto), &ar);
    QVERIFY(pr.hi < 200.0);
    QCOMPARE(ar.hi, 1e6);
    QCOMPARE(ar.lo, 1.0);
    // Value 50 sits mid-map with the percentile range and at the bottom with min/max.
    QVERIFY(std::abs(p.at(49, 0) - 0.5f) < 0.05f);
    QVERIFY(a.at(49, 0) < 0.01f);
    QCOMPARE(a.at(100, 0), 1.0f);
  }

  void percentileRangeUsesNearestRankQuantiles() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(0.5f, 20.0f);
    std::vector<float> v(997);
    for (float& x : v)
      x = u(rng);
    DepthMap d(997, 1, DepthKind::MetricDepth, v);
    ColormapOptions o;
    o.lowPercentile = 5;
    o.highPercentile = 90;
    const ColorRange r = ds::colorRange(d, o);
    QCOMPARE(r.lo, double(d.validQuantile(0.05)));
    QCOMPARE(r.hi, double(d.validQuantile(0.90)));
  }

  void manualRangeClamps() {
    ColormapOptions o = grayUp(RangeMode::Manual);
    o.lo = 2.0;
    o.hi = 4.0;
    ColorRange used;
    const Image img = ds::colorize(row({1, 2, 3, 4, 5}), o, &used);
    const float want[] = {0.0f, 0.0f, 128.0f / 255.0f, 1.0f, 1.0f};
    for (int x = 0; x < 5; ++x)
      QCOMPARE(img.at(x, 0), want[x]);
    QCOMPARE(used.lo, 2.0);
    QCOMPARE(used.hi, 4.0);
  }

  void reverseFlips() {
    ColormapOptions o = grayUp(RangeMode::Auto);
    const DepthMap d = row({0, 1, 2, 3, 4, 5});
    const Image fwd = ds::colorize(d, o);
    o.reverse = true;
    const Image rev = ds::colorize(d, o);
    QCOMPARE(fwd.at(0, 0), 0.0f);
    QCOMPARE(rev.at(0, 0), 1.0f);
    for (int x = 0; x < 6; ++x)
      QCOMPARE(fwd.at(x, 0) + rev.at(x, 0), 1.0f);
  }

  void degenerateInputsGiveFiniteImages() {
    for (RangeMode mode : {RangeMode::Auto, RangeMode::Percentile}) {
      ColormapOptions o = grayUp(mode);
      ColorRange used;
      const Image c = ds::colorize(
          DepthMap(4, 3, DepthKind::MetricDepth, std::vector<float>(12, 2.5f)), o, &used);
      QVERIFY(used.lo < 2.5 && 2.5 < used.hi);
      for (float p : c.pixels())  // a constant map sits mid-map (127 or 128 of 255)
        QVERIFY(std::abs(p - 0.5f) <= 1.0f / 255.0f);

      o.invalidColor = {0.25f, 0.5f, 0.75f};
      const Image none = ds::colorize(DepthMap(4, 3, DepthKind::MetricDepth), o, &used);
      QVERIFY(std::isfinite(used.lo) && std::isfinite(used.hi) && used.lo < used.hi);
      QCOMPARE(none.width(), 4);
      for (size_t i = 0; i < none.pixels().size(); ++i)
        QCOMPARE(none.pixels()[i], o.invalidColor[i % 3]);
    }
    QVERIFY(ds::colorize(DepthMap(), ColormapOptions()).empty());
    // Zero on the native scale of an inverse map is a fine constant too.
    const Image zeros =
        ds::colorize(row({0, 0, 0}, DepthKind::RelativeInverseDepth), grayUp(RangeMode::Auto));
    for (float p : zeros.pixels())
      QVERIFY(std::isfinite(p));
  }

  void checkRefusesBadOptions() {
    ColormapOptions o;
    o.check();  // defaults are fine
    o.range = RangeMode::Manual;
    o.lo = 5;
    o.hi = 2;
    expectError(o, "lo < hi");
    o.hi = std::numeric_limits<double>::quiet_NaN();
    expectError(o, "lo < hi");
    o = ColormapOptions();
    o.lowPercentile = 60;
    o.highPercentile = 40;
    expectError(o, "percentiles");
    o.lowPercentile = 2;
    o.highPercentile = 120;
    expectError(o, "percentiles");
    o = ColormapOptions();
    o.invalidColor = {0.0f, 2.0f, 0.0f};
    expectError(o, "invalid colour");
    // A manual range that a 1/x scale cannot take is refused when colouring, with a reason.
    o = ColormapOptions();
    o.range = RangeMode::Manual;
    o.lo = 0.0;
    o.hi = 1.0;
    o.scale = ColorScale::Depth;
    try {
      ds::colorize(row({0.5f}, DepthKind::RelativeInverseDepth), o);
      QFAIL("expected an error");
    } catch (const ds::Error& e) {
      QVERIFY(std::string(e.what()).find("must be positive") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(tst_Colormap)
#include "tst_Colormap.moc"
