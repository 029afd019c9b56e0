#include "core/geometry/GltfMeshWriter.h"

#include <tiny_gltf.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/util/Error.h"

namespace ds {

namespace {

// Appends raw bytes to the buffer (4-byte aligned, as accessors require) with a buffer view over
// them; returns the view's index.
int addView(tinygltf::Model& model, const void* data, size_t bytes, int target) {
  std::vector<unsigned char>& buffer = model.buffers[0].data;
  buffer.resize((buffer.size() + 3) / 4 * 4, 0);
  tinygltf::BufferView view;
  view.buffer = 0;
  view.byteOffset = buffer.size();
  view.byteLength = bytes;
  view.target = target;
  const auto* p = static_cast<const unsigned char*>(data);
  buffer.insert(buffer.end(), p, p + bytes);
  model.bufferViews.push_back(view);
  return int(model.bufferViews.size() - 1);
}

int addVec3Accessor(tinygltf::Model& model, const std::vector<Vec3f>& values, bool withBounds) {
  tinygltf::Accessor acc;
  acc.bufferView =
      addView(model, values.data(), values.size() * sizeof(Vec3f), TINYGLTF_TARGET_ARRAY_BUFFER);
  acc.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
  acc.type = TINYGLTF_TYPE_VEC3;
  acc.count = values.size();
  if (withBounds) {
    acc.minValues.assign(3, std::numeric_limits<double>::infinity());
    acc.maxValues.assign(3, -std::numeric_limits<double>::infinity());
    for (const Vec3f& v : values)
      for (int k = 0; k < 3; ++k) {
        acc.minValues[k] = std::min(acc.minValues[k], double(v[k]));
        acc.maxValues[k] = std::max(acc.maxValues[k], double(v[k]));
      }
  }
  model.accessors.push_back(acc);
  return int(model.accessors.size() - 1);
}

// glTF requires unit normals and colours in [0, 1].
std::vector<Vec3f> unitNormals(const std::vector<Vec3f>& normals) {
  std::vector<Vec3f> out(normals);
  for (Vec3f& n : out) {
    const float len = norm(n);
    if (len > 0.0f && std::isfinite(len))
      n = {n[0] / len, n[1] / len, n[2] / len};
    else
      n = {0.0f, 0.0f, 1.0f};  // towards the viewer in the file frame
  }
  return out;
}

std::vector<Vec3f> clampedColours(const std::vector<Vec3f>& colours) {
  std::vector<Vec3f> out(colours);
  for (Vec3f& c : out)
    for (float& v : c)
      v = std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
  return out;
}

}  // namespace

void writeGltfMesh(const std::filesystem::path& file, const TriangleMesh& mesh, bool binary,
                   const std::filesystem::path& reportAs) {
  mesh.check();
  tinygltf::Model model;
  model.asset.version = "2.0";
  model.asset.generator = "DepthStudio";
  model.buffers.emplace_back();

  tinygltf::Primitive prim;
  prim.mode = TINYGLTF_MODE_TRIANGLES;
  prim.attributes["POSITION"] = addVec3Accessor(model, mesh.positions, true);
  if (mesh.hasNormals())
    prim.attributes["NORMAL"] = addVec3Accessor(model, unitNormals(mesh.normals), false);
  if (mesh.hasColors())
    prim.attributes["COLOR_0"] = addVec3Accessor(model, clampedColours(mesh.colors), false);

  tinygltf::Accessor indices;
  indices.bufferView =
      addView(model, mesh.triangles.data(), mesh.triangles.size() * sizeof(TriangleMesh::Triangle),
              TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER);
  indices.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
  indices.type = TINYGLTF_TYPE_SCALAR;
  indices.count = mesh.triangles.size() * 3;
  model.accessors.push_back(indices);
  prim.indices = int(model.accessors.size() - 1);

  tinygltf::Material material;
  material.name = "vertex colours";
  material.doubleSided = true;  // a depth mesh is an open sheet, seen from behind when orbiting
  material.pbrMetallicRoughness.metallicFactor = 0.0;
  material.pbrMetallicRoughness.roughnessFactor = 1.0;
  model.materials.push_back(material);
  prim.material = 0;

  tinygltf::Mesh gltfMesh;
  gltfMesh.name = "depth mesh";
  gltfMesh.primitives.push_back(prim);
  model.meshes.push_back(gltfMesh);
  tinygltf::Node node;
  node.mesh = 0;
  model.nodes.push_back(node);
  tinygltf::Scene scene;
  scene.nodes.push_back(0);
  model.scenes.push_back(scene);
  model.defaultScene = 0;

  std::ofstream out(file, std::ios::binary);
  if (!out)
    throw Error::file(reportAs, std::string("cannot open for writing: ") + std::strerror(errno));
  tinygltf::TinyGLTF writer;
  if (!writer.WriteGltfSceneToStream(&model, out, !binary, binary))
    throw Error::file(reportAs, "tinygltf could not serialise the mesh");
  out.flush();
  if (!out) throw Error::file(reportAs, "write failed (disk full?)");
}

}  // namespace ds
