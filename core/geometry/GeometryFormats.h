#pragma once
// The file formats geometry can be written to and read from, keyed by extension (Open3D's style).
//   point clouds: .ply (binary, colours and normals), .pcd (binary, colours and normals),
//                 .xyz (text, positions only)
//   meshes:       .ply (binary, vertex colours and normals), .obj (text, `v x y z r g b`, `vn`,
//                 no .mtl), .gltf (JSON with the buffer embedded as a data URI: one file),
//                 .glb (binary glTF), .stl (binary, no colours)
// All files are in the viewer frame (see FileFrame.h).
#include <filesystem>
#include <string>
#include <vector>

namespace ds {

// Lower-case extension with its dot (".ply"); empty when the path has none.
std::string lowerExtension(const std::filesystem::path& path);

const std::vector<std::string>& pointCloudExtensions();
const std::vector<std::string>& meshExtensions();
bool isPointCloudExtension(const std::string& lowerExt);
bool isMeshExtension(const std::string& lowerExt);

// "unknown <what> format '.x'; supported: .ply, .pcd, .xyz", for Error::file(path, ...).
std::string unsupportedFormatMessage(const std::string& lowerExt, const std::string& what,
                                     const std::vector<std::string>& supported);

}  // namespace ds
