#include <QtTest/QtTest>
#include <algorithm>
#include <cmath>
#include <functional>

#include "SyntheticDepth.h"
#include "common/TestPaths.h"
#include "core/geometry/BackProjection.h"
#include "core/geometry/SurfaceNormals.h"
#include "core/image/ImageIo.h"
#include "core/util/Error.h"

using namespace ds;

namespace {

Vec3f normalized(Vec3f v) {
  const float n = norm(v);
  return {v[0] / n, v[1] / n, v[2] / n};
}

float median(std::vector<float> v) {
  if (v.empty()) return NAN;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

// Angles (degrees) between the normals and the expected ones at the valid pixels `use` accepts.
std::vector<float> angleErrors(const PointGrid& grid, const std::vector<Vec3f>& normals,
                               const std::function<bool(int, int)>& use,
                               const std::function<Vec3f(int, int)>& expected) {
  std::vector<float> errors;
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x)
      if (grid.isValid(x, y) && use(x, y))
        errors.push_back(test::angleDeg(normals[grid.index(x, y)], expected(x, y)));
  return errors;
}

NormalOptions withRadius(int radius) {
  NormalOptions o;
  o.radius = radius;
  return o;
}

// Noisy plane as the task describes real stereo: 0.1 % relative depth noise, twice the pixel
// spacing (Z = 3, f = 2000: pixels 1.5 mm apart, noise 3 mm).
struct NoisyPlane {
  Intrinsics k = test::pinhole(200, 150, 2000.0);
  Vec3f n = normalized({0.3f, -0.2f, -1.0f});
  PointGrid grid;
  NoisyPlane() {
    DepthMap depth = test::planeDepth(k, n, n[2] * 3.0f);
    test::addRelativeNoise(depth, 0.001f);
    grid = backProject(depth, k);
  }
  float medianError(const std::vector<Vec3f>& normals) const {
    return median(angleErrors(
        grid, normals, [](int, int) { return true; }, [&](int, int) { return n; }));
  }
};

// Median angle between the normals and the least-squares plane of each 24x24 block (in inverse
// depth, where a plane is affine) on the top-left of the Aloe backdrop, x 60-420, y 40-420.
float blockPlaneError(const PointGrid& grid, const std::vector<Vec3f>& normals) {
  constexpr int kBlock = 24;
  std::vector<float> errors;
  for (int by = 40; by + kBlock <= 420; by += kBlock)
    for (int bx = 60; bx + kBlock <= 420; bx += kBlock) {
      double m[3][4] = {};  // normal equations of w = A a + B b + C
      for (int y = by; y < by + kBlock; ++y)
        for (int x = bx; x < bx + kBlock; ++x) {
          if (!grid.isValid(x, y)) continue;
          const Vec3f p = grid.at(x, y);
          const double r[3] = {p[0] / p[2], p[1] / p[2], 1.0}, w = 1.0 / p[2];
          for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j)
              m[i][j] += r[i] * r[j];
            m[i][3] += r[i] * w;
          }
        }
      for (int i = 0; i < 3; ++i)  // Gaussian elimination, then back substitution
        for (int j = i + 1; j < 3; ++j)
          for (int c = 3; c >= i; --c)
            m[j][c] -= m[j][i] / m[i][i] * m[i][c];
      double s[3];
      for (int i = 2; i >= 0; --i) {
        s[i] = m[i][3];
        for (int j = i + 1; j < 3; ++j)
          s[i] -= m[i][j] * s[j];
        s[i] /= m[i][i];
      }
      const Vec3f plane = normalized({float(-s[0]), float(-s[1]), float(-s[2])});
      for (int y = by; y < by + kBlock; ++y)
        for (int x = bx; x < bx + kBlock; ++x)
          if (grid.isValid(x, y))
            errors.push_back(test::angleDeg(normals[grid.index(x, y)], plane));
    }
  return median(errors);
}

}  // namespace

class tst_SurfaceNormals : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tiltedPlaneMatchesAnalyticNormalEverywhere() {
    const Intrinsics k = test::pinhole(80, 60, 90.0);
    const Vec3f n = normalized({0.4f, -0.3f, -1.0f});            // faces the camera (n_z < 0)
    const DepthMap depth = test::planeDepth(k, n, n[2] * 3.0f);  // passes through (0, 0, 3)
    const PointGrid grid = backProject(depth, k);
    // Automatic radius, a wide window (clipped at the borders) and the 4-neighbour estimate.
    for (const auto& normals :
         {gridNormals(grid), gridNormals(grid, withRadius(7)), neighbourNormals(grid)}) {
      float worst = 0.0f;
      for (const Vec3f& m : normals)
        worst = std::max(worst, test::angleDeg(m, n));
      QVERIFY2(worst < 1.0f, qPrintable(QString("worst angle %1 deg").arg(worst)));  // borders too
    }
  }
  void normalsAreUnitAndFaceTheCamera() {
    const Intrinsics k = test::pinhole(30, 20);
    const PointGrid grid = backProject(test::rampDepth(30, 20), k);
    const std::vector<Vec3f> normals = gridNormals(grid, withRadius(3));
    for (size_t i = 0; i < normals.size(); ++i) {
      QVERIFY(std::fabs(norm(normals[i]) - 1.0f) < 1e-5f);
      QVERIFY(dot(normals[i], grid.positions[i]) < 0.0f);
    }
  }
  void stepEdgeDoesNotTiltNormals() {
    // Two fronto-parallel planes (Z = 2 left, Z = 3 right): the normal is (0, 0, -1) on both,
    // right up to the edge, because points across the jump are not used.
    const Intrinsics k = test::pinhole(20, 10);
    const PointGrid grid =
        backProject(test::depthFrom(20, 10, [](int x, int) { return x < 10 ? 2.0f : 3.0f; }), k);
    for (const auto& normals :
         {gridNormals(grid), gridNormals(grid, withRadius(4)), neighbourNormals(grid)})
      for (const Vec3f& m : normals)
        QVERIFY(test::angleDeg(m, {0, 0, -1}) < 0.01f);
  }
  void tiltedPlanesKeepTheirOwnNormalsAtAJump() {
    // Left half: a plane turned right at Z ~ 2; right half: one turned left and up at Z ~ 3
    // (a 40 % jump at the edge, column 60). Without noise every pixel, the edge columns
    // included, has its own plane's normal; with noise, each column next to the edge still does.
    const Intrinsics k = test::pinhole(120, 80, 300.0);
    const Vec3f left = normalized({0.5f, 0.0f, -1.0f}), right = normalized({-0.5f, 0.3f, -1.0f});
    const DepthMap a = test::planeDepth(k, left, left[2] * 2.0f);
    const DepthMap b = test::planeDepth(k, right, right[2] * 3.0f);
    DepthMap depth =
        test::depthFrom(120, 80, [&](int x, int y) { return x < 60 ? a.at(x, y) : b.at(x, y); });
    const auto expected = [&](int x, int) { return x < 60 ? left : right; };
    const auto all = [](int, int) { return true; };
    QVERIFY(test::angleDeg(left, right) > 35.0f);
    {
      const PointGrid grid = backProject(depth, k);
      const std::vector<float> errors =
          angleErrors(grid, gridNormals(grid, withRadius(6)), all, expected);
      const float worst = *std::max_element(errors.begin(), errors.end());
      QVERIFY2(worst < 0.5f, qPrintable(QString("worst %1 deg").arg(worst)));
    }
    test::addRelativeNoise(depth, 0.002f);  // 4-6 mm, about the pixel spacing
    const PointGrid grid = backProject(depth, k);
    const std::vector<Vec3f> normals = gridNormals(grid, withRadius(6));
    for (int column = 54; column < 66; ++column) {
      const float error = median(angleErrors(
          grid, normals, [&](int x, int) { return x == column; }, expected));
      QVERIFY2(error < 5.0f, qPrintable(QString("column %1: %2 deg").arg(column).arg(error)));
    }
  }
  void noisyPlaneNormalsAreCloseWithAWindowNotWithNeighbours() {
    // Measured: 4-neighbour median error 48 degrees, window radius 8 1.6, automatic (2) 17.
    const NoisyPlane plane;
    const float neighbours = plane.medianError(neighbourNormals(plane.grid));
    const float window = plane.medianError(gridNormals(plane.grid, withRadius(8)));
    const float automatic = plane.medianError(gridNormals(plane.grid));
    qInfo("median error: 4-neighbour %.1f, radius 8 %.2f, automatic %.1f degrees", neighbours,
          window, automatic);
    QVERIFY2(neighbours > 20.0f, qPrintable(QString::number(neighbours)));
    QVERIFY2(window < 5.0f, qPrintable(QString::number(window)));
    QVERIFY(automatic < neighbours);
  }
  void sphereNormalsMatchTheAnalyticOnes() {
    // A sphere of radius 2 at Z = 5 in front of a wall at Z = 20. Where the surface faces the
    // camera within 60 degrees, the normal is (P - centre) / radius.
    const Intrinsics k = test::pinhole(200, 200, 200.0);
    const Vec3f centre{0.0f, 0.0f, 5.0f};
    const PointGrid grid = backProject(test::sphereDepth(k, centre, 2.0f, 20.0f), k);
    const auto analytic = [&](int x, int y) { return normalized(grid.at(x, y) - centre); };
    const auto facing = [&](int x, int y) {
      const Vec3f p = grid.at(x, y);
      return p[2] < 10.0f && -dot(analytic(x, y), normalized(p)) > 0.5f;
    };
    for (int radius : {0, 2, 6}) {
      const std::vector<float> errors =
          angleErrors(grid, gridNormals(grid, withRadius(radius)), facing, analytic);
      QVERIFY(errors.size() > 10000);
      const float worst = *std::max_element(errors.begin(), errors.end());
      QVERIFY2(median(errors) < 0.5f && worst < 2.0f,
               qPrintable(QString("radius %1: median %2, worst %3 deg")
                              .arg(radius)
                              .arg(median(errors))
                              .arg(worst)));
    }
  }
  void windowFitSkipsHoles() {
    const Intrinsics k = test::pinhole(40, 30, 60.0);
    const Vec3f n = normalized({-0.5f, 0.2f, -1.0f});
    DepthMap depth = test::planeDepth(k, n, n[2] * 2.0f);
    for (int y = 0; y < 30; ++y)
      for (int x = 0; x < 40; ++x)
        if ((x * 7 + y * 3) % 5 == 0) depth.setValid(x, y, false);  // scattered holes
    const PointGrid grid = backProject(depth, k);
    const std::vector<Vec3f> normals = gridNormals(grid, withRadius(2));
    for (int y = 0; y < 30; ++y)
      for (int x = 0; x < 40; ++x) {
        const Vec3f& m = normals[grid.index(x, y)];
        if (!grid.isValid(x, y))
          QCOMPARE(norm(m), 0.0f);
        else
          QVERIFY2(test::angleDeg(m, n) < 0.5f, qPrintable(QString("pixel %1,%2").arg(x).arg(y)));
      }
  }
  void neighbourNormalsSkipInvalidNeighbours() {
    const Intrinsics k = test::pinhole(40, 30, 60.0);
    const Vec3f n = normalized({-0.5f, 0.2f, -1.0f});
    DepthMap depth = test::planeDepth(k, n, n[2] * 2.0f);
    for (int y = 0; y < 30; ++y)
      for (int x = 0; x < 40; ++x)
        if ((x * 7 + y * 3) % 5 == 0) depth.setValid(x, y, false);  // scattered holes
    const PointGrid grid = backProject(depth, k);
    const std::vector<Vec3f> normals = neighbourNormals(grid);
    for (int y = 0; y < 30; ++y)
      for (int x = 0; x < 40; ++x) {
        const Vec3f& m = normals[grid.index(x, y)];
        if (!grid.isValid(x, y)) {
          QCOMPARE(norm(m), 0.0f);
          continue;
        }
        const auto ok = [&](int u, int v) {
          return u >= 0 && v >= 0 && u < 40 && v < 30 && grid.isValid(u, v);
        };
        const bool surface = (ok(x - 1, y) || ok(x + 1, y)) && (ok(x, y - 1) || ok(x, y + 1));
        const Vec3f p = grid.at(x, y);
        // With no neighbour in a direction there is no surface: the point faces the camera.
        const Vec3f expected = surface ? n : Vec3f{-p[0], -p[1], -p[2]};
        QVERIFY2(test::angleDeg(m, expected) < 1.0f,
                 qPrintable(QString("pixel %1,%2").arg(x).arg(y)));
      }
  }
  void pointsOnALineFaceTheCamera() {
    // One valid column (off the optical axis, so X/Z carries rounding noise) and one diagonal,
    // each with a valid block further right than the window reaches: no plane through the line,
    // so each of its points faces the camera.
    const auto block = [](int x) { return x >= 16; };
    for (const auto& line : std::vector<std::function<bool(int, int)>>{
             [](int x, int) { return x == 7; }, [](int x, int y) { return x == y; }}) {
      DepthMap depth = test::depthFrom(20, 9, [](int, int y) { return 2.0f + 0.03f * y; });
      for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 20; ++x)
          depth.setValid(x, y, line(x, y) || block(x));
      const PointGrid grid = backProject(depth, test::pinhole(20, 9));
      const std::vector<Vec3f> normals = gridNormals(grid, withRadius(3));
      for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 16; ++x) {
          if (!line(x, y)) continue;
          const Vec3f p = grid.at(x, y);
          const float angle = test::angleDeg(normals[grid.index(x, y)], {-p[0], -p[1], -p[2]});
          QVERIFY2(angle < 0.1f,
                   qPrintable(QString("pixel %1,%2: %3 deg").arg(x).arg(y).arg(angle)));
        }
    }
  }
  void isolatedPointFacesTheCamera() {
    DepthMap depth(3, 3, DepthKind::MetricDepth);
    depth.at(0, 0) = 2.0f;
    depth.setValid(0, 0, true);
    const PointGrid grid = backProject(depth, test::pinhole(3, 3));
    const Vec3f m = gridNormals(grid)[0];
    const Vec3f p = grid.at(0, 0);
    QVERIFY(test::angleDeg(m, {-p[0], -p[1], -p[2]}) < 1e-3f);
  }
  void realQuantisedDisparityGivesSmoothWallNormals() {
    // Middlebury Aloe ground truth: whole-pixel disparities (43-211), so depth is a staircase.
    // On the backdrop at the top left, 4-neighbour normals face the camera on every tread and
    // tilt wildly on the risers; window normals follow the surface. Each pixel is compared with
    // the least-squares plane of its 24x24 block. Measured: 4-neighbour 68 degrees,
    // automatic radius (11) 13.
    const auto path = test::aloeDir() / "aloeGT.png";
    DS_REQUIRE_DATA(path);
    const Image disparity = readImage(path);
    const Intrinsics k = test::pinhole(disparity.width(), disparity.height(), 3740.0);
    const PointGrid grid =
        backProject(test::depthFrom(disparity.width(), disparity.height(),
                                    [&](int x, int y) {
                                      const float d = std::round(disparity.at(x, y, 0) * 255.0f);
                                      return d > 0.0f ? 3740.0f * 0.16f / d : NAN;
                                    }),
                    k);
    const std::vector<Vec3f> window = gridNormals(grid), neighbours = neighbourNormals(grid);
    const float windowError = blockPlaneError(grid, window);
    const float neighbourError = blockPlaneError(grid, neighbours);
    qInfo("Aloe backdrop, median angle to block planes: 4-neighbour %.1f, window %.1f degrees",
          neighbourError, windowError);
    QVERIFY2(neighbourError > 45.0f, qPrintable(QString::number(neighbourError)));
    QVERIFY2(windowError < 20.0f, qPrintable(QString::number(windowError)));
  }
  void badOptionsAreRefused() {
    const PointGrid grid = backProject(test::rampDepth(4, 4), test::pinhole(4, 4));
    NormalOptions o;
    o.radius = -1;
    QVERIFY_THROWS_EXCEPTION(Error, gridNormals(grid, o));
    o.radius = NormalOptions::kMaxRadius + 1;
    QVERIFY_THROWS_EXCEPTION(Error, o.check());
    o.radius = NormalOptions::kMaxRadius;
    o.check();
    for (float threshold : {0.0f, -0.1f, NAN}) {
      o.discontinuityThreshold = threshold;
      try {
        o.check();
        QFAIL("accepted a bad threshold");
      } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("discontinuityThreshold"), e.what());
      }
      QVERIFY_THROWS_EXCEPTION(Error, normalMap(test::rampDepth(4, 4), test::pinhole(4, 4), {}, o));
    }
    o.discontinuityThreshold = INFINITY;  // fit across everything
    o.check();
  }
  void automaticRadiusFollowsImageSize() {
    NormalOptions o;
    QCOMPARE(o.radiusFor(1282, 1110), 11);
    QCOMPARE(o.radiusFor(640, 480), 5);
    QCOMPARE(o.radiusFor(20, 10), 1);
    o.radius = 3;
    QCOMPARE(o.radiusFor(1282, 1110), 3);
  }
  void normalMapColoursFacingSurfaceLavenderAndInvalidBlack() {
    DepthMap depth = test::depthFrom(6, 4, [](int, int) { return 2.0f; });
    depth.setValid(5, 3, false);
    const Image map = normalMap(depth, test::pinhole(6, 4));
    QCOMPARE(map.channels(), 3);
    QCOMPARE(map.width(), 6);
    QCOMPARE(map.at(2, 2, 0), 0.5f);
    QCOMPARE(map.at(2, 2, 1), 0.5f);
    QCOMPARE(map.at(2, 2, 2), 1.0f);
    for (int c = 0; c < 3; ++c)
      QCOMPARE(map.at(5, 3, c), 0.0f);
  }
  void normalMapOfTiltedPlaneEncodesItsNormal() {
    // A plane turned to the right (normal towards +x) reads red > 0.5; y up in the image colours.
    const Intrinsics k = test::pinhole(20, 20);
    const Vec3f n = normalized({0.5f, -0.5f, -1.0f});  // camera frame: right and up (y down)
    const Image map = normalMap(test::planeDepth(k, n, n[2] * 2.0f), k);
    QVERIFY(std::fabs(map.at(10, 10, 0) - 0.5f * (n[0] + 1.0f)) < 0.01f);
    QVERIFY(std::fabs(map.at(10, 10, 1) - 0.5f * (-n[1] + 1.0f)) < 0.01f);
    QVERIFY(map.at(10, 10, 1) > 0.5f);
  }
  void normalMapTakesNormalOptions() {
    // The same noisy plane through normalMap: a wide window gives nearly one colour.
    const NoisyPlane plane;
    DepthMap depth = test::planeDepth(plane.k, plane.n, plane.n[2] * 3.0f);
    test::addRelativeNoise(depth, 0.001f);
    const Image map = normalMap(depth, plane.k, {}, withRadius(8));
    const float red = 0.5f * (plane.n[0] + 1.0f);
    std::vector<float> errors;
    for (int y = 0; y < map.height(); ++y)
      for (int x = 0; x < map.width(); ++x)
        errors.push_back(std::fabs(map.at(x, y, 0) - red));
    QVERIFY2(median(errors) < 0.02f, qPrintable(QString::number(median(errors))));
  }
  void normalCountMismatchIsAnError() {
    const PointGrid grid = backProject(test::rampDepth(4, 4), test::pinhole(4, 4));
    QVERIFY_THROWS_EXCEPTION(Error, normalMapImage(grid, std::vector<Vec3f>(3)));
  }
};

QTEST_GUILESS_MAIN(tst_SurfaceNormals)
#include "tst_SurfaceNormals.moc"
