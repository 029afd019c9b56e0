#pragma once
// glTF 2.0 (.gltf or .glb) mesh reader on tinygltf: all triangle primitives of all meshes, merged
// into one mesh (POSITION, NORMAL, COLOR_0 as float or normalised integers, any index type or
// none). Node transforms are ignored: DepthStudio writes one untransformed node.
#include <filesystem>

#include "core/geometry/TriangleMesh.h"

namespace ds {

// The mesh as stored (file frame). Throws ds::Error naming the file when it cannot be parsed, an
// accessor points outside its buffer, or no triangle primitive is present.
TriangleMesh readGltfMesh(const std::filesystem::path& path);

}  // namespace ds
