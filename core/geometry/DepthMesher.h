#pragma once
// Turns a depth map into a triangle mesh on the pixel grid: one vertex per valid (subsampled)
// pixel with its colour and normal, two triangles per grid cell whose four corners are valid (one
// when three are), none across a depth discontinuity; optionally decimated.
#include <cstddef>

#include "core/geometry/MeshOptions.h"
#include "core/geometry/TriangleMesh.h"
#include "core/image/DepthMap.h"
#include "core/image/Image.h"
#include "core/image/Intrinsics.h"
#include "core/util/CancelToken.h"
#include "core/util/ProgressSink.h"

namespace ds {

class DepthMesher {
 public:
  // Throws ds::Error when the options are invalid (MeshOptions::check).
  explicit DepthMesher(const MeshOptions& options = {});

  const MeshOptions& options() const { return options_; }

  // Open3D 0.16's quadric decimation costs ~25 us per triangle (2M -> 100k triangles took 49 s on
  // a 2-core machine), so decimation starts from at most this many times the target: when the
  // grid would have more triangles, the stride is raised first.
  static constexpr size_t kDecimationInputFactor = 4;
  // The grid stride used for a depth map with `validPixels` valid pixels: options.stride, or
  // larger when decimating (see above).
  static int effectiveStride(size_t validPixels, const MeshOptions& options);

  // Any depth kind (see GeometryDepth.h). `colour` may be empty (no vertex colours) or any size
  // (resampled to the depth map's). Positions and normals in the camera frame; triangles face the
  // camera. Each cell is split along its diagonal with the smaller depth difference, which keeps
  // more of the surface next to an edge. Throws ds::Error on an empty depth map or bad
  // intrinsics, ds::Cancelled when cancelled (checked between steps and every few rows).
  TriangleMesh run(const DepthMap& depth, const Intrinsics& intrinsics, const Image& colour,
                   ProgressSink& progress, const CancelToken& cancel) const;
  TriangleMesh run(const DepthMap& depth, const Intrinsics& intrinsics,
                   const Image& colour = Image()) const;

 private:
  MeshOptions options_;
};

}  // namespace ds
