#pragma once
// Builds the sampler a SamplerKind names.
#include <memory>

#include "core/diffusion/DiffusionSampler.h"
#include "core/diffusion/SamplerKind.h"

namespace ds {

// Throws ds::Error on an unknown kind value.
std::unique_ptr<DiffusionSampler> makeSampler(SamplerKind kind, NoiseSchedule schedule);

}  // namespace ds
