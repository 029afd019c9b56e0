#include "core/geometry/GltfMeshReader.h"

#include <tiny_gltf.h>

#include <cstring>
#include <string>

#include "core/geometry/GeometryFormats.h"
#include "core/util/Error.h"

namespace ds {

namespace {

// One accessor's elements as doubles, `components` per element (extra components are skipped).
class AccessorReader {
 public:
  AccessorReader(const tinygltf::Model& model, int index, const std::filesystem::path& path,
                 const std::string& what)
      : path_(path), what_(what) {
    if (index < 0 || size_t(index) >= model.accessors.size()) fail("missing accessor");
    acc_ = &model.accessors[size_t(index)];
    if (acc_->sparse.isSparse) fail("sparse accessors are not supported");
    if (acc_->bufferView < 0 || size_t(acc_->bufferView) >= model.bufferViews.size())
      fail("accessor has no buffer view");
    const tinygltf::BufferView& view = model.bufferViews[size_t(acc_->bufferView)];
    if (view.buffer < 0 || size_t(view.buffer) >= model.buffers.size()) fail("bad buffer index");
    const std::vector<unsigned char>& buffer = model.buffers[size_t(view.buffer)].data;
    componentSize_ = tinygltf::GetComponentSizeInBytes(uint32_t(acc_->componentType));
    components_ = tinygltf::GetNumComponentsInType(uint32_t(acc_->type));
    const int stride = acc_->ByteStride(view);
    if (componentSize_ <= 0 || components_ <= 0 || stride <= 0) fail("bad accessor type");
    stride_ = size_t(stride);
    const size_t elementBytes = size_t(componentSize_) * size_t(components_);
    const size_t needed =
        acc_->count == 0 ? 0 : acc_->byteOffset + stride_ * (acc_->count - 1) + elementBytes;
    if (view.byteOffset + view.byteLength > buffer.size() || needed > view.byteLength)
      fail("accessor reaches past the end of its buffer");
    data_ = buffer.data() + view.byteOffset + acc_->byteOffset;
  }

  size_t count() const { return acc_->count; }
  int components() const { return components_; }

  double get(size_t element, int component) const {
    const unsigned char* p = data_ + element * stride_ + size_t(component) * size_t(componentSize_);
    const bool norm = acc_->normalized;
    switch (acc_->componentType) {
      case TINYGLTF_COMPONENT_TYPE_FLOAT:
        return load<float>(p);
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
        return load<uint8_t>(p) / (norm ? 255.0 : 1.0);
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
        return load<uint16_t>(p) / (norm ? 65535.0 : 1.0);
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
        return load<uint32_t>(p);
      default:
        fail("unsupported component type " + std::to_string(acc_->componentType));
    }
    return 0.0;
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw Error::file(path_, what_ + ": " + problem);
  }

 private:
  template <typename T>
  static double load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return double(v);
  }

  const std::filesystem::path& path_;
  std::string what_;
  const tinygltf::Accessor* acc_ = nullptr;
  const unsigned char* data_ = nullptr;
  size_t stride_ = 0;
  int componentSize_ = 0, components_ = 0;
};

std::vector<Vec3f> readVec3(const tinygltf::Model& model, int index,
                            const std::filesystem::path& path, const std::string& what) {
  const AccessorReader r(model, index, path, what);
  if (r.components() < 3) r.fail("expected at least 3 components");
  std::vector<Vec3f> out(r.count());
  for (size_t i = 0; i < r.count(); ++i)
    out[i] = {float(r.get(i, 0)), float(r.get(i, 1)), float(r.get(i, 2))};
  return out;
}

void appendPrimitive(const tinygltf::Model& model, const tinygltf::Primitive& prim,
                     const std::filesystem::path& path, TriangleMesh& mesh) {
  const auto attribute = [&](const char* name) {
    const auto it = prim.attributes.find(name);
    return it == prim.attributes.end() ? -1 : it->second;
  };
  if (attribute("POSITION") < 0) throw Error::file(path, "primitive without POSITION");
  const std::vector<Vec3f> positions = readVec3(model, attribute("POSITION"), path, "POSITION");
  const uint32_t base = uint32_t(mesh.positions.size());
  const bool firstPrimitive = mesh.positions.empty();
  // Colours or normals are kept only when every primitive so far has them.
  const auto merge = [&](std::vector<Vec3f>& dst, const char* name) {
    const bool had = firstPrimitive || !dst.empty();
    if (!had || attribute(name) < 0) {
      dst.clear();
      return;
    }
    const std::vector<Vec3f> v = readVec3(model, attribute(name), path, name);
    if (v.size() != positions.size()) throw Error::file(path, std::string(name) + " count differs");
    dst.insert(dst.end(), v.begin(), v.end());
  };
  merge(mesh.colors, "COLOR_0");
  merge(mesh.normals, "NORMAL");
  mesh.positions.insert(mesh.positions.end(), positions.begin(), positions.end());

  std::vector<uint32_t> indices;
  if (prim.indices >= 0) {
    const AccessorReader r(model, prim.indices, path, "indices");
    indices.resize(r.count());
    for (size_t i = 0; i < r.count(); ++i)
      indices[i] = uint32_t(r.get(i, 0));
  } else {
    for (uint32_t i = 0; i < positions.size(); ++i)
      indices.push_back(i);
  }
  if (indices.size() % 3 != 0) throw Error::file(path, "index count is not a multiple of 3");
  for (size_t i = 0; i < indices.size(); i += 3) {
    for (size_t k = 0; k < 3; ++k)
      if (indices[i + k] >= positions.size())
        throw Error::file(path, "index " + std::to_string(indices[i + k]) + " out of range");
    mesh.triangles.push_back({base + indices[i], base + indices[i + 1], base + indices[i + 2]});
  }
}

}  // namespace

TriangleMesh readGltfMesh(const std::filesystem::path& path) {
  tinygltf::TinyGLTF loader;
  tinygltf::Model model;
  std::string err, warn;
  const bool ok = lowerExtension(path) == ".glb"
                      ? loader.LoadBinaryFromFile(&model, &err, &warn, path.string())
                      : loader.LoadASCIIFromFile(&model, &err, &warn, path.string());
  if (!ok) throw Error::file(path, "not a readable glTF file: " + (err.empty() ? warn : err));

  TriangleMesh mesh;
  for (const tinygltf::Mesh& m : model.meshes)
    for (const tinygltf::Primitive& prim : m.primitives)
      if (prim.mode == TINYGLTF_MODE_TRIANGLES || prim.mode == -1)
        appendPrimitive(model, prim, path, mesh);
  if (mesh.triangles.empty()) throw Error::file(path, "contains no triangles");
  return mesh;
}

}  // namespace ds
