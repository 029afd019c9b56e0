#include "core/synth/SynthOptions.h"

#include <cmath>
#include <string>

#include "core/util/Error.h"

namespace ds {

void SynthOptions::check() const {
  if (width < 16 || height < 16 || width > 4096 || height > 4096)
    throw Error("synth: image size must be 16..4096 pixels, got " + std::to_string(width) + "x" +
                std::to_string(height));
  if (!(indoorShare >= 0) || !(streetShare >= 0) || indoorShare + streetShare > 1.0 + 1e-9)
    throw Error("synth: indoor and street shares must be non-negative and sum to at most 1");
  if (!(baselineMin > 0) || !(baselineMax >= baselineMin))
    throw Error("synth: the stereo baseline range must be positive and ordered");
  if (aoRays < 0 || aoRays > 64) throw Error("synth: aoRays must be 0..64");
  if (world < 1 || world > 2)
    throw Error("synth: world must be 1 or 2, got " + std::to_string(world));
}

}  // namespace ds
