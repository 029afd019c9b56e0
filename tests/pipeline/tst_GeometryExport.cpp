#include <QtTest/QtTest>
#include <filesystem>

#include "core/geometry/GeometryReader.h"
#include "core/image/DepthIo.h"
#include "core/image/ImageIo.h"
#include "core/pipeline/GeometryExport.h"
#include "core/util/Error.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

DepthMap ramp(int w, int h) {
  std::vector<float> v(size_t(w * h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      v[size_t(y * w + x)] = 2.0f + 0.01f * float(x + y);
  return DepthMap(w, h, DepthKind::MetricDepth, v);
}

}  // namespace

class tst_GeometryExport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writesEveryRequestedFile() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    GeometryExportRequest req;
    req.pointClouds = {d / "p.ply", d / "p.xyz"};
    req.meshes = {d / "m.glb", d / "m.obj"};
    req.normalMaps = {d / "n.png"};
    req.depthFiles = {d / "depth.exr", d / "depth.png"};
    Image colour(20, 10, 3);
    NullProgress progress;
    CancelToken cancel;
    const auto summary = exportGeometry(ramp(20, 10), Intrinsics::fromHorizontalFov(20, 10), colour,
                                        req, progress, cancel);
    QCOMPARE(summary.lines.size(), size_t(7));
    QCOMPARE(readPointCloud(d / "p.ply").positions.size(), size_t(200));
    const TriangleMesh mesh = readMesh(d / "m.glb");
    QCOMPARE(mesh.triangles.size(), size_t(2 * 19 * 9));
    QCOMPARE(readImage(d / "n.png").width(), 20);
    QVERIFY(std::abs(readDepth(d / "depth.png").at(3, 2) - ramp(20, 10).at(3, 2)) < 1e-3);
  }

  void badPathsAreRefusedBeforeAnythingIsWritten() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    GeometryExportRequest req;
    req.pointClouds = {d / "p.ply"};
    req.meshes = {d / "m.fbx"};  // not a format we write
    NullProgress progress;
    CancelToken cancel;
    try {
      exportGeometry(ramp(8, 8), Intrinsics::fromHorizontalFov(8, 8), Image(), req, progress,
                     cancel);
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("m.fbx") != std::string::npos, e.what());
    }
    QVERIFY(!fs::exists(d / "p.ply"));
    req.meshes = {d / "no-such-folder" / "m.glb"};
    QVERIFY_THROWS_EXCEPTION(Error, exportGeometry(ramp(8, 8), Intrinsics::fromHorizontalFov(8, 8),
                                                   Image(), req, progress, cancel));
    QVERIFY(!fs::exists(d / "p.ply"));
  }
};

QTEST_GUILESS_MAIN(tst_GeometryExport)
#include "tst_GeometryExport.moc"
