#include "core/geometry/TriangleMesh.h"

#include <string>

#include "core/util/Error.h"

namespace ds {

void TriangleMesh::check() const {
  if (!colors.empty() && colors.size() != positions.size())
    throw Error("mesh has " + std::to_string(colors.size()) + " colours for " +
                std::to_string(positions.size()) + " vertices");
  if (!normals.empty() && normals.size() != positions.size())
    throw Error("mesh has " + std::to_string(normals.size()) + " normals for " +
                std::to_string(positions.size()) + " vertices");
  for (size_t t = 0; t < triangles.size(); ++t)
    for (uint32_t i : triangles[t])
      if (i >= positions.size())
        throw Error("mesh triangle " + std::to_string(t) + " refers to vertex " +
                    std::to_string(i) + " of " + std::to_string(positions.size()));
}

}  // namespace ds
