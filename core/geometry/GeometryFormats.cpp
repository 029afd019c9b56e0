#include "core/geometry/GeometryFormats.h"

#include <algorithm>
#include <cctype>

namespace ds {

std::string lowerExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

const std::vector<std::string>& pointCloudExtensions() {
  static const std::vector<std::string> list{".ply", ".pcd", ".xyz"};
  return list;
}

const std::vector<std::string>& meshExtensions() {
  static const std::vector<std::string> list{".ply", ".obj", ".gltf", ".glb", ".stl"};
  return list;
}

bool isPointCloudExtension(const std::string& lowerExt) {
  const auto& l = pointCloudExtensions();
  return std::find(l.begin(), l.end(), lowerExt) != l.end();
}

bool isMeshExtension(const std::string& lowerExt) {
  const auto& l = meshExtensions();
  return std::find(l.begin(), l.end(), lowerExt) != l.end();
}

std::string unsupportedFormatMessage(const std::string& lowerExt, const std::string& what,
                                     const std::vector<std::string>& supported) {
  std::string msg = lowerExt.empty() ? "no file extension to choose a " + what + " format by"
                                     : "unknown " + what + " format '" + lowerExt + "'";
  msg += "; supported:";
  for (size_t i = 0; i < supported.size(); ++i)
    msg += (i ? ", " : " ") + supported[i];
  return msg;
}

}  // namespace ds
