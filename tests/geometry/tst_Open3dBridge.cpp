#include <open3d/geometry/PointCloud.h>
#include <open3d/geometry/TriangleMesh.h>

#include <QtTest/QtTest>

#include "SyntheticDepth.h"
#include "core/geometry/DepthMesher.h"
#include "core/geometry/DepthPointCloud.h"
#include "core/geometry/Open3dBridge.h"
#include "core/util/Error.h"

using namespace ds;

class tst_Open3dBridge : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void meshRoundTripsExactly() {
    const TriangleMesh mesh =
        DepthMesher().run(test::rampDepth(9, 7), test::pinhole(9, 7), test::gradientImage(9, 7));
    const open3d::geometry::TriangleMesh o3d = toOpen3d(mesh);
    QCOMPARE(o3d.vertices_.size(), mesh.vertexCount());
    QCOMPARE(o3d.triangles_.size(), mesh.triangleCount());
    QCOMPARE(o3d.vertices_[10].z(), double(mesh.positions[10][2]));
    QCOMPARE(o3d.triangles_[3][1], int(mesh.triangles[3][1]));
    const TriangleMesh back = fromOpen3d(o3d);
    QVERIFY(back.positions == mesh.positions);  // float -> double -> float is exact
    QVERIFY(back.colors == mesh.colors);
    QVERIFY(back.normals == mesh.normals);
    QVERIFY(back.triangles == mesh.triangles);
  }
  void cloudRoundTripsExactly() {
    const PointCloud cloud =
        depthToPointCloud(test::rampDepth(6, 5), test::pinhole(6, 5), test::gradientImage(6, 5));
    const PointCloud back = fromOpen3d(toOpen3d(cloud));
    QVERIFY(back.positions == cloud.positions);
    QVERIFY(back.colors == cloud.colors);
    QVERIFY(back.normals == cloud.normals);
  }
  void partialAttributesAreDropped() {
    open3d::geometry::PointCloud o3d;
    o3d.points_ = {{0, 0, 1}, {1, 0, 1}};
    o3d.colors_ = {{1, 0, 0}};  // not one per point
    const PointCloud cloud = fromOpen3d(o3d);
    QCOMPARE(cloud.size(), size_t(2));
    QVERIFY(!cloud.hasColors());
  }
  void badIndicesAreErrors() {
    open3d::geometry::TriangleMesh o3d;
    o3d.vertices_ = {{0, 0, 1}, {1, 0, 1}, {0, 1, 1}};
    o3d.triangles_ = {{0, 1, -1}};
    QVERIFY_THROWS_EXCEPTION(Error, fromOpen3d(o3d));
    o3d.triangles_ = {{0, 1, 3}};
    QVERIFY_THROWS_EXCEPTION(Error, fromOpen3d(o3d));
    TriangleMesh mesh;
    mesh.positions = {{0, 0, 1}};
    mesh.colors = {{0, 0, 0}, {1, 1, 1}};
    QVERIFY_THROWS_EXCEPTION(Error, toOpen3d(mesh));
  }
};

QTEST_GUILESS_MAIN(tst_Open3dBridge)
#include "tst_Open3dBridge.moc"
