#include <tiny_gltf.h>
#include <unistd.h>

#include <QtTest/QtTest>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "SyntheticDepth.h"
#include "common/TestErrors.h"
#include "core/geometry/DepthMesher.h"
#include "core/geometry/DepthPointCloud.h"
#include "core/geometry/FileFrame.h"
#include "core/geometry/GeometryReader.h"
#include "core/geometry/GeometryWriter.h"
#include "core/util/AtomicWrite.h"
#include "core/util/Error.h"

using namespace ds;
namespace fs = std::filesystem;

namespace {

// A small coloured depth mesh: a ramp, so every vertex has a distinct position and colour.
TriangleMesh sampleMesh() {
  return DepthMesher().run(test::rampDepth(20, 15), test::pinhole(20, 15),
                           test::gradientImage(20, 15));
}

PointCloud sampleCloud() {
  return depthToPointCloud(test::rampDepth(20, 15), test::pinhole(20, 15),
                           test::gradientImage(20, 15));
}

// Index of the original vertex at `p` (formats may reorder vertices); -1 if none within tol.
long matchVertex(const std::vector<Vec3f>& original, const Vec3f& p) {
  for (size_t i = 0; i < original.size(); ++i) {
    const Vec3f d = original[i] - p;
    if (norm(d) < 1e-4f * (1.0f + norm(p))) return long(i);
  }
  return -1;
}

// Every read-back vertex is an original one (position), with its colour within 1/255 and its
// normal within a small angle where the format carries them.
void compareVertices(const std::vector<Vec3f>& positions, const std::vector<Vec3f>& colours,
                     const std::vector<Vec3f>& normals, const std::vector<Vec3f>& origPositions,
                     const std::vector<Vec3f>& origColours, const std::vector<Vec3f>& origNormals,
                     bool expectColours, bool expectNormals, const std::string& what) {
  QVERIFY2(colours.empty() != expectColours, what.c_str());
  if (expectNormals) QVERIFY2(!normals.empty(), what.c_str());
  for (size_t i = 0; i < positions.size(); ++i) {
    const long j = matchVertex(origPositions, positions[i]);
    QVERIFY2(j >= 0, (what + ": vertex " + std::to_string(i) + " has no original").c_str());
    if (expectColours)
      for (int c = 0; c < 3; ++c)
        QVERIFY2(std::fabs(colours[i][c] - origColours[size_t(j)][c]) <= 1.0f / 255.0f + 1e-6f,
                 (what + ": colour of vertex " + std::to_string(i)).c_str());
    if (expectNormals)
      QVERIFY2(test::angleDeg(normals[i], origNormals[size_t(j)]) < 0.1f,
               (what + ": normal of vertex " + std::to_string(i)).c_str());
  }
}

uint32_t u32(const std::string& bytes, size_t at) {
  uint32_t v;
  std::memcpy(&v, bytes.data() + at, 4);
  return v;
}

}  // namespace

class tst_GeometryIo : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void meshFormatsRoundTrip_data() {
    QTest::addColumn<QString>("ext");
    QTest::addColumn<bool>("colours");
    QTest::addColumn<bool>("normals");
    QTest::newRow("ply") << ".ply" << true << true;
    QTest::newRow("obj") << ".obj" << true << true;
    QTest::newRow("gltf") << ".gltf" << true << true;
    QTest::newRow("glb") << ".glb" << true << true;
    QTest::newRow("stl") << ".stl" << false << false;
    QTest::newRow("upper-case") << ".PLY" << true << true;
  }
  void meshFormatsRoundTrip() {
    QFETCH(QString, ext);
    QFETCH(bool, colours);
    QFETCH(bool, normals);
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / ("mesh" + ext.toStdString());
    const TriangleMesh mesh = sampleMesh();
    QCOMPARE(mesh.triangleCount(), size_t(2 * 19 * 14));
    writeMesh(file, mesh);
    QCOMPARE(test::filesIn(file.parent_path()),
             size_t(1));  // no companion .bin / .mtl, no temporary
    const TriangleMesh back = readMesh(file);
    QCOMPARE(back.vertexCount(), mesh.vertexCount());
    QCOMPARE(back.triangleCount(), mesh.triangleCount());
    compareVertices(back.positions, back.colors, back.normals, mesh.positions, mesh.colors,
                    mesh.normals, colours, normals, ext.toStdString());
    // Faces survive as the same vertex triples (formats may renumber the vertices).
    for (const auto& t : back.triangles) {
      std::array<long, 3> orig;
      for (int k = 0; k < 3; ++k)
        orig[k] = matchVertex(mesh.positions, back.positions[t[k]]);
      QVERIFY(std::find_if(mesh.triangles.begin(), mesh.triangles.end(),
                           [&](const auto& m) {
                             return long(m[0]) == orig[0] && long(m[1]) == orig[1] &&
                                    long(m[2]) == orig[2];
                           }) != mesh.triangles.end() ||
              std::find_if(mesh.triangles.begin(), mesh.triangles.end(), [&](const auto& m) {
                // some writers rotate the corners; the winding must be the same
                return (long(m[1]) == orig[0] && long(m[2]) == orig[1] && long(m[0]) == orig[2]) ||
                       (long(m[2]) == orig[0] && long(m[0]) == orig[1] && long(m[1]) == orig[2]);
              }) != mesh.triangles.end());
    }
  }
  void pointCloudFormatsRoundTrip_data() {
    QTest::addColumn<QString>("ext");
    QTest::addColumn<bool>("colours");
    QTest::addColumn<bool>("normals");
    QTest::newRow("ply") << ".ply" << true << true;
    QTest::newRow("pcd") << ".pcd" << true << true;
    QTest::newRow("xyz") << ".xyz" << false << false;
  }
  void pointCloudFormatsRoundTrip() {
    QFETCH(QString, ext);
    QFETCH(bool, colours);
    QFETCH(bool, normals);
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / ("cloud" + ext.toStdString());
    const PointCloud cloud = sampleCloud();
    QCOMPARE(cloud.size(), size_t(20 * 15));
    writePointCloud(file, cloud);
    QCOMPARE(test::filesIn(file.parent_path()), size_t(1));
    const PointCloud back = readPointCloud(file);
    QCOMPARE(back.size(), cloud.size());
    compareVertices(back.positions, back.colors, back.normals, cloud.positions, cloud.colors,
                    cloud.normals, colours, normals, ext.toStdString());
  }
  void filesAreInTheViewerFrame() {
    // The camera frame's y down / z forward becomes y up / z towards the viewer in the file.
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "frame.xyz";
    PointCloud cloud;
    cloud.positions = {{1.0f, 2.0f, 3.0f}};
    writePointCloud(file, cloud);
    std::ifstream in(file);
    float x, y, z;
    in >> x >> y >> z;
    QCOMPARE(x, 1.0f);
    QCOMPARE(y, -2.0f);
    QCOMPARE(z, -3.0f);
    QCOMPARE(readPointCloud(file).positions[0][2], 3.0f);  // and back
  }
  void glbIsStructurallyValid() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "mesh.glb";
    const TriangleMesh mesh = sampleMesh();
    writeMesh(file, mesh);
    const std::string bytes = readFile(file);
    QCOMPARE(bytes.substr(0, 4), std::string("glTF"));
    QCOMPARE(u32(bytes, 4), 2u);
    QCOMPARE(size_t(u32(bytes, 8)), bytes.size());
    const size_t jsonLength = u32(bytes, 12);
    QCOMPARE(u32(bytes, 16), 0x4E4F534Au);  // "JSON"
    QCOMPARE(jsonLength % 4, size_t(0));
    const size_t binHeader = 20 + jsonLength;
    QVERIFY(bytes.size() >= binHeader + 8);
    const size_t binLength = u32(bytes, binHeader);
    QCOMPARE(u32(bytes, binHeader + 4), 0x004E4942u);  // "BIN\0"
    QCOMPARE(binHeader + 8 + binLength, bytes.size());
    const std::string bin = bytes.substr(binHeader + 8, binLength);

    const nlohmann::json json = nlohmann::json::parse(bytes.substr(20, jsonLength));
    QCOMPARE(json["asset"]["version"].get<std::string>(), std::string("2.0"));
    const auto& prim = json["meshes"][0]["primitives"][0];
    QVERIFY(prim["attributes"].contains("NORMAL"));
    QVERIFY(prim["attributes"].contains("COLOR_0"));
    QVERIFY(prim.contains("indices"));
    const auto& acc = json["accessors"][prim["attributes"]["POSITION"].get<int>()];
    QCOMPARE(acc["count"].get<size_t>(), mesh.vertexCount());
    const auto& view = json["bufferViews"][acc["bufferView"].get<int>()];
    const size_t offset = view.value("byteOffset", size_t(0)) + acc.value("byteOffset", size_t(0));
    // min/max are the bounds of the stored positions, and of the mesh in the file frame.
    std::array<float, 3> lo{1e30f, 1e30f, 1e30f}, hi{-1e30f, -1e30f, -1e30f}, elo = lo, ehi = hi;
    for (size_t i = 0; i < mesh.vertexCount(); ++i) {
      float p[3];
      std::memcpy(p, bin.data() + offset + 12 * i, 12);
      const Vec3f f = flipYZ(mesh.positions[i]);
      for (int k = 0; k < 3; ++k) {
        lo[k] = std::min(lo[k], p[k]);
        hi[k] = std::max(hi[k], p[k]);
        elo[k] = std::min(elo[k], f[k]);
        ehi[k] = std::max(ehi[k], f[k]);
      }
    }
    for (int k = 0; k < 3; ++k) {
      QCOMPARE(acc["min"][k].get<double>(), double(lo[k]));
      QCOMPARE(acc["max"][k].get<double>(), double(hi[k]));
      QCOMPARE(lo[k], elo[k]);
      QCOMPARE(hi[k], ehi[k]);
    }
    // tinygltf's own binary loader accepts it.
    tinygltf::TinyGLTF loader;
    tinygltf::Model model;
    std::string err, warn;
    QVERIFY2(loader.LoadBinaryFromFile(&model, &err, &warn, file.string()), err.c_str());
    QCOMPARE(model.meshes.size(), size_t(1));
    QCOMPARE(model.accessors[size_t(model.meshes[0].primitives[0].indices)].count,
             3 * mesh.triangleCount());
  }
  void gltfIsOneSelfContainedFile() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "mesh.gltf";
    writeMesh(file, sampleMesh());
    const std::string text = readFile(file);
    QVERIFY(text.find("data:application/octet-stream;base64,") != std::string::npos);
    QVERIFY(text.find("partial") == std::string::npos);  // never names the temporary
    QVERIFY(text.find(".bin") == std::string::npos);
  }
  void objHasVertexColoursAndNoMaterialFile() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "mesh.obj";
    writeMesh(file, sampleMesh());
    const std::string text = readFile(file);
    QVERIFY(text.find("mtllib") == std::string::npos);
    std::istringstream lines(text);
    std::string line;
    int vertexLines = 0;
    while (std::getline(lines, line)) {
      if (line.rfind("v ", 0) != 0) continue;
      std::istringstream fields(line.substr(2));
      float f;
      int n = 0;
      while (fields >> f)
        ++n;
      QCOMPARE(n, 6);  // v x y z r g b
      ++vertexLines;
    }
    QCOMPARE(vertexLines, 20 * 15);
  }
  void unknownExtensionIsRefusedAndNamed() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "mesh.fbx";
    const std::string msg = test::errorText([&] { writeMesh(file, sampleMesh()); });
    QVERIFY2(msg.find(file.string()) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find(".ply, .obj, .gltf, .glb, .stl") != std::string::npos, msg.c_str());
    const std::string cloudMsg = test::errorText(
        [&] { writePointCloud(fs::path(dir.path().toStdString()) / "c", sampleCloud()); });
    QVERIFY2(cloudMsg.find(".ply, .pcd, .xyz") != std::string::npos, cloudMsg.c_str());
    QVERIFY(!test::errorText([&] { readMesh(file); }).empty());
    QVERIFY(!test::errorText([&] {
               writePointCloud(file.parent_path() / "c.obj", sampleCloud());
             }).empty());
    QCOMPARE(test::filesIn(file.parent_path()), size_t(0));
  }
  void emptyGeometryIsRefusedAndNamed() {
    QTemporaryDir dir;
    const fs::path mesh = fs::path(dir.path().toStdString()) / "empty.glb";
    std::string msg = test::errorText([&] { writeMesh(mesh, TriangleMesh()); });
    QVERIFY2(msg.find(mesh.string()) != std::string::npos && msg.find("empty") != std::string::npos,
             msg.c_str());
    TriangleMesh noFaces;
    noFaces.positions = {{0, 0, 1}};
    msg = test::errorText([&] { writeMesh(mesh, noFaces); });
    QVERIFY2(msg.find("no triangles") != std::string::npos, msg.c_str());
    const fs::path cloud = fs::path(dir.path().toStdString()) / "empty.ply";
    msg = test::errorText([&] { writePointCloud(cloud, PointCloud()); });
    QVERIFY2(msg.find(cloud.string()) != std::string::npos, msg.c_str());
    QCOMPARE(test::filesIn(mesh.parent_path()), size_t(0));
  }
  void inconsistentGeometryIsRefusedAndKeepsTheOldFile() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "mesh.ply";
    writeMesh(file, sampleMesh());
    TriangleMesh bad = sampleMesh();
    bad.triangles.push_back({0, 1, uint32_t(bad.vertexCount())});  // index out of range
    const std::string msg = test::errorText([&] { writeMesh(file, bad); });
    QVERIFY2(msg.find(file.string()) != std::string::npos, msg.c_str());
    PointCloud cloud = sampleCloud();
    cloud.colors.pop_back();
    QVERIFY(
        !test::errorText([&] { writePointCloud(file.parent_path() / "c.pcd", cloud); }).empty());
    QCOMPARE(test::filesIn(file.parent_path()), size_t(1));
    QCOMPARE(readMesh(file).triangleCount(), sampleMesh().triangleCount());
  }
  void unwritableFolderIsAnErrorAndLeavesNothing() {
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    // A folder that is really a file: refused whoever runs the test.
    std::ofstream(root / "plain-file") << "x";
    for (const char* name : {"plain-file/mesh.glb", "plain-file/mesh.ply", "missing/mesh.obj"}) {
      const fs::path file = root / name;
      const std::string msg = test::errorText([&] { writeMesh(file, sampleMesh()); });
      QVERIFY2(msg.find(file.string()) != std::string::npos, msg.c_str());
      QVERIFY(!fs::exists(file));
    }
    if (::geteuid() != 0) {
      const fs::path locked = root / "locked";
      fs::create_directory(locked);
      fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
      const std::string msg =
          test::errorText([&] { writePointCloud(locked / "c.ply", sampleCloud()); });
      fs::permissions(locked, fs::perms::owner_all);
      QVERIFY2(msg.find("c.ply") != std::string::npos, msg.c_str());
      QCOMPARE(test::filesIn(locked), size_t(0));
    } else {
      // root ignores permissions; /proc is unwritable for everyone.
      const std::string msg =
          test::errorText([&] { writePointCloud("/proc/ds-geometry.ply", sampleCloud()); });
      QVERIFY2(msg.find("/proc/ds-geometry.ply") != std::string::npos, msg.c_str());
    }
    QCOMPARE(test::filesIn(root), size_t(1));
  }
  void unreadableFilesAreNamed() {
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    std::string msg = test::errorText([&] { readMesh(root / "nothing.ply"); });
    QVERIFY2(
        msg.find("nothing.ply") != std::string::npos && msg.find("not found") != std::string::npos,
        msg.c_str());
    for (const char* name : {"junk.glb", "junk.gltf", "junk.ply", "junk.obj", "junk.stl"}) {
      std::ofstream(root / name) << "this is not geometry";
      msg = test::errorText([&] { readMesh(root / name); });
      QVERIFY2(msg.find(name) != std::string::npos, (std::string(name) + ": " + msg).c_str());
    }
    std::ofstream(root / "junk.pcd") << "garbage";
    msg = test::errorText([&] { readPointCloud(root / "junk.pcd"); });
    QVERIFY2(msg.find("junk.pcd") != std::string::npos, msg.c_str());
  }
  void corruptGltfAccessorIsAnError() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "mesh.gltf";
    writeMesh(file, sampleMesh());
    nlohmann::json json = nlohmann::json::parse(readFile(file));
    json["accessors"][0]["count"] = 100000000;  // far past the end of the buffer
    writeFileAtomically(file, json.dump());
    const std::string msg = test::errorText([&] { readMesh(file); });
    QVERIFY2(msg.find(file.string()) != std::string::npos, msg.c_str());
  }
};

QTEST_GUILESS_MAIN(tst_GeometryIo)
#include "tst_GeometryIo.moc"
