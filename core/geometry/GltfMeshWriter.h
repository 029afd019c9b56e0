#pragma once
// glTF 2.0 mesh writer on tinygltf (Open3D 0.16's .glb writer is broken: JSON-only chunk, wrong
// accessor max). One mesh, one triangle primitive: POSITION (with the min/max the spec requires),
// NORMAL, COLOR_0 (float RGB), uint32 indices, and a double-sided matte material so the vertex
// colours show as they are from both sides of the sheet.
#include <filesystem>

#include "core/geometry/TriangleMesh.h"

namespace ds {

// Writes `mesh` (already in the file frame) to `file`: binary .glb when `binary`, else .gltf JSON
// with the buffer embedded as a data URI, so the file is self-contained and names no companion
// file (it may be a temporary that gets renamed). Errors name `reportAs`.
void writeGltfMesh(const std::filesystem::path& file, const TriangleMesh& mesh, bool binary,
                   const std::filesystem::path& reportAs);

}  // namespace ds
