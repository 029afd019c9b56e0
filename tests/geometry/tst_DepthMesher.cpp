#include <QtTest/QtTest>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "SyntheticDepth.h"
#include "core/geometry/DepthMesher.h"
#include "core/util/Error.h"

using namespace ds;

namespace {

size_t fullGridTriangles(int w, int h) {
  return 2 * size_t(w - 1) * size_t(h - 1);
}

// Largest (max - min) / min depth over the triangle's vertices.
float worstDepthSpread(const TriangleMesh& mesh) {
  float worst = 0.0f;
  for (const auto& t : mesh.triangles) {
    const float a = mesh.positions[t[0]][2], b = mesh.positions[t[1]][2],
                c = mesh.positions[t[2]][2];
    const float lo = std::min({a, b, c}), hi = std::max({a, b, c});
    worst = std::max(worst, (hi - lo) / lo);
  }
  return worst;
}

class RecordingProgress : public ProgressSink {
 public:
  void report(const Progress& p) override { fractions.push_back(p.fraction); }
  std::vector<double> fractions;
};

}  // namespace

class tst_DepthMesher : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void smoothRampKeepsEveryTriangle() {
    const TriangleMesh mesh = DepthMesher().run(test::rampDepth(40, 30), test::pinhole(40, 30));
    QCOMPARE(mesh.vertexCount(), size_t(40 * 30));
    QCOMPARE(mesh.triangleCount(), fullGridTriangles(40, 30));
    QCOMPARE(mesh.normals.size(), mesh.positions.size());
    QVERIFY(mesh.colors.empty());  // no image given
    mesh.check();
  }
  void stepEdgeIsNotBridged() {
    // Z = 2 left of column 20, Z = 3 from it on: only the column of cells across the step goes.
    const DepthMap depth = test::depthFrom(40, 30, [](int x, int) { return x < 20 ? 2.0f : 3.0f; });
    const TriangleMesh mesh = DepthMesher().run(depth, test::pinhole(40, 30));
    QVERIFY2(worstDepthSpread(mesh) <= 0.05f, qPrintable(QString::number(worstDepthSpread(mesh))));
    QCOMPARE(mesh.triangleCount(), fullGridTriangles(40, 30) - 2 * size_t(30 - 1));
    QCOMPARE(mesh.vertexCount(), size_t(40 * 30));  // every pixel still belongs to a triangle
  }
  void thresholdDecidesWhatIsADiscontinuity() {
    const DepthMap depth = test::depthFrom(10, 10, [](int x, int) { return x < 5 ? 2.0f : 2.2f; });
    MeshOptions strict;  // 5 %: a 10 % step is cut
    QCOMPARE(DepthMesher(strict).run(depth, test::pinhole(10, 10)).triangleCount(),
             fullGridTriangles(10, 10) - 18);
    MeshOptions loose;
    loose.discontinuityThreshold = 0.2f;  // 10 % is now a slope
    QCOMPARE(DepthMesher(loose).run(depth, test::pinhole(10, 10)).triangleCount(),
             fullGridTriangles(10, 10));
  }
  void trianglesFaceTheCamera() {
    const TriangleMesh mesh = DepthMesher().run(test::rampDepth(12, 9), test::pinhole(12, 9));
    for (const auto& t : mesh.triangles) {
      const Vec3f& a = mesh.positions[t[0]];
      const Vec3f faceNormal = cross(mesh.positions[t[1]] - a, mesh.positions[t[2]] - a);
      QVERIFY(dot(faceNormal, a) < 0.0f);  // counter-clockwise seen from the camera
      QVERIFY(dot(faceNormal, mesh.normals[t[0]]) > 0.0f);  // agrees with the vertex normal
    }
  }
  void invalidPixelsMakeNoVerticesAndThreeCornerCellsOneTriangle() {
    DepthMap depth = test::rampDepth(5, 4);
    depth.setValid(2, 1, false);  // an interior hole touches 4 cells, each left with 3 corners
    const TriangleMesh mesh = DepthMesher().run(depth, test::pinhole(5, 4));
    QCOMPARE(mesh.vertexCount(), size_t(19));
    QCOMPARE(mesh.triangleCount(), fullGridTriangles(5, 4) - 4);
  }
  void unreferencedVerticesAreRemovedOnRequest() {
    DepthMap depth = test::rampDepth(6, 6);
    for (int y = 0; y < 6; ++y)
      depth.setValid(3, y, false);  // column 3 gone
    depth.setValid(5, 0, false);
    depth.setValid(5, 1, false);  // (4, 0) now has no cell with three valid corners
    MeshOptions keep;
    keep.removeUnreferencedVertices = false;
    const TriangleMesh kept = DepthMesher(keep).run(depth, test::pinhole(6, 6));
    const TriangleMesh removed = DepthMesher().run(depth, test::pinhole(6, 6));
    QCOMPARE(kept.vertexCount(), size_t(36 - 6 - 2));
    QCOMPARE(removed.vertexCount(), kept.vertexCount() - 1);
    QCOMPARE(removed.triangleCount(), kept.triangleCount());
    removed.check();
  }
  void strideSubsamplesTheGrid() {
    MeshOptions o;
    o.stride = 4;
    const TriangleMesh mesh = DepthMesher(o).run(test::rampDepth(101, 61), test::pinhole(101, 61));
    // Columns 0, 4, ..., 100 (26) and rows 0, 4, ..., 60 (16).
    QCOMPARE(mesh.vertexCount(), size_t(26 * 16));
    QCOMPARE(mesh.triangleCount(), fullGridTriangles(26, 16));
  }
  void decimationReachesTheTarget() {
    MeshOptions o;
    o.targetTriangles = 500;
    const Image colour = test::gradientImage(64, 48);
    const TriangleMesh mesh =
        DepthMesher(o).run(test::rampDepth(64, 48), test::pinhole(64, 48), colour);
    QVERIFY2(mesh.triangleCount() <= 500 && mesh.triangleCount() >= 400,
             qPrintable(QString::number(mesh.triangleCount())));
    QVERIFY(mesh.vertexCount() < 64 * 48 / 4);
    QCOMPARE(mesh.colors.size(), mesh.vertexCount());
    QCOMPARE(mesh.normals.size(), mesh.vertexCount());
    for (size_t i = 0; i < mesh.vertexCount(); ++i)
      QVERIFY(dot(mesh.normals[i], mesh.positions[i]) < 0.0f);
    mesh.check();
    o.targetTriangles = 100000;  // above the count: nothing to do
    QCOMPARE(DepthMesher(o).run(test::rampDepth(10, 10), test::pinhole(10, 10)).triangleCount(),
             fullGridTriangles(10, 10));
  }
  void largeReductionsSubsampleBeforeDecimating() {
    MeshOptions o;
    QCOMPARE(DepthMesher::effectiveStride(1000000, o), 1);  // no decimation: as asked
    o.targetTriangles = 100000;  // 2M grid triangles > 4 x 100k: stride 3 gives ~222k
    QCOMPARE(DepthMesher::effectiveStride(1000000, o), 3);
    o.stride = 5;  // already coarse enough
    QCOMPARE(DepthMesher::effectiveStride(1000000, o), 5);
    o.stride = 1;
    o.targetTriangles = 600000;  // within 4x: decimate the full grid
    QCOMPARE(DepthMesher::effectiveStride(1000000, o), 1);
    o.targetTriangles = 1000;
    const TriangleMesh mesh =
        DepthMesher(o).run(test::rampDepth(300, 200), test::pinhole(300, 200));
    QVERIFY2(mesh.triangleCount() <= 1000 && mesh.triangleCount() > 800,
             qPrintable(QString::number(mesh.triangleCount())));
  }
  void coloursComeFromTheImageAtAnySize() {
    const Image colour = test::gradientImage(20, 10);
    const DepthMap depth = test::rampDepth(20, 10);
    const TriangleMesh same = DepthMesher().run(depth, test::pinhole(20, 10), colour);
    QCOMPARE(same.colors.size(), same.vertexCount());
    // Vertex order is row-major over valid pixels: vertex 13 is pixel (13, 0).
    QCOMPARE(same.colors[13][0], colour.at(13, 0, 0));
    QCOMPARE(same.colors[25][1], colour.at(5, 1, 1));
    // A photo at twice the depth's size: area-averaged to one colour per depth pixel.
    Image big(40, 20, 3);
    for (int y = 0; y < 20; ++y)
      for (int x = 0; x < 40; ++x)
        big.at(x, y, 1) = float(x / 2) / 19.0f;
    const TriangleMesh resized = DepthMesher().run(depth, test::pinhole(20, 10), big);
    QVERIFY(std::fabs(resized.colors[7][1] - 7.0f / 19.0f) < 1e-6f);
  }
  void badOptionsAreRefused() {
    MeshOptions o;
    o.discontinuityThreshold = 0.0f;
    QVERIFY_THROWS_EXCEPTION(Error, DepthMesher{o});
    o.discontinuityThreshold = std::nanf("");
    QVERIFY_THROWS_EXCEPTION(Error, o.check());
    o = {};
    o.stride = 0;
    try {
      DepthMesher m(o);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("stride") != std::string::npos, e.what());
    }
    o = {};
    o.targetTriangles = size_t(1) << 40;
    QVERIFY_THROWS_EXCEPTION(Error, o.check());
    o = {};
    o.depth.inverseFloor = -1.0f;
    QVERIFY_THROWS_EXCEPTION(Error, o.check());
    o = {};
    o.normals.radius = -2;
    try {
      DepthMesher m(o);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("radius") != std::string::npos, e.what());
    }
    o = {};
    o.discontinuityThreshold = std::numeric_limits<float>::infinity();  // keep everything
    o.check();
  }
  void vertexNormalsAverageNoiseOverTheWindow() {
    // A tilted plane with 0.1 % depth noise (twice the pixel spacing): the vertex normals follow
    // the plane with a 13 x 13 window (measured 3 degrees), not with 3 x 3 (42). Positions are not
    // smoothed.
    const Intrinsics k = test::pinhole(120, 90, 2000.0);
    const float len = std::sqrt(0.3f * 0.3f + 1.0f);
    const Vec3f n{0.3f / len, 0.0f, -1.0f / len};
    DepthMap depth = test::planeDepth(k, n, n[2] * 3.0f);
    test::addRelativeNoise(depth, 0.001f);
    const auto medianError = [&](int radius) {
      MeshOptions o;
      o.normals.radius = radius;
      const TriangleMesh mesh = DepthMesher(o).run(depth, k);
      for (size_t i = 0; i < mesh.positions.size(); ++i)
        if (mesh.positions[i][2] != depth.values()[i]) return -1.0f;  // moved a vertex
      std::vector<float> errors;
      for (const Vec3f& m : mesh.normals)
        errors.push_back(test::angleDeg(m, n));
      std::nth_element(errors.begin(), errors.begin() + errors.size() / 2, errors.end());
      return errors[errors.size() / 2];
    };
    const float narrow = medianError(1), wide = medianError(6);
    QVERIFY2(wide >= 0.0f && wide < 5.0f && narrow > 2.0f * wide,
             qPrintable(QString("radius 1: %1, radius 6: %2 deg").arg(narrow).arg(wide)));
  }
  void emptyDepthIsAnError() {
    QVERIFY_THROWS_EXCEPTION(Error, DepthMesher().run(DepthMap(), test::pinhole(4, 4)));
  }
  void cancelStopsAndProgressEnds() {
    CancelToken cancel;
    cancel.cancel();
    NullProgress none;
    QVERIFY_THROWS_EXCEPTION(
        Cancelled,
        DepthMesher().run(test::rampDepth(8, 8), test::pinhole(8, 8), Image(), none, cancel));
    RecordingProgress progress;
    CancelToken go;
    DepthMesher().run(test::rampDepth(8, 8), test::pinhole(8, 8), Image(), progress, go);
    QVERIFY(!progress.fractions.empty());
    QCOMPARE(progress.fractions.back(), 1.0);
    QVERIFY(std::is_sorted(progress.fractions.begin(), progress.fractions.end()));
  }
  void oneMegapixelMeshes() {
    // Size check, and the time it takes for the record (not asserted).
    const DepthMap depth = test::depthFrom(1000, 1000, [](int x, int y) {
      return 2.0f + 0.5f * std::sin(0.01f * x) * std::cos(0.013f * y);
    });
    const Image colour = test::gradientImage(1000, 1000);
    const auto start = std::chrono::steady_clock::now();
    const TriangleMesh mesh = DepthMesher().run(depth, test::pinhole(1000, 1000, 900.0), colour);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    qInfo("1000x1000 depth -> %zu vertices, %zu triangles in %.0f ms", mesh.vertexCount(),
          mesh.triangleCount(), ms);
    QCOMPARE(mesh.vertexCount(), size_t(1000000));
    QCOMPARE(mesh.triangleCount(), fullGridTriangles(1000, 1000));
  }
};

QTEST_GUILESS_MAIN(tst_DepthMesher)
#include "tst_DepthMesher.moc"
