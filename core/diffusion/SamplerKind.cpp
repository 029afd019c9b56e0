#include "core/diffusion/SamplerFactory.h"

#include "core/diffusion/DdimSampler.h"
#include "core/diffusion/DdpmSampler.h"
#include "core/util/Error.h"

namespace ds {

std::string toString(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::Ddim:
      return "ddim";
    case SamplerKind::Ddpm:
      return "ddpm";
  }
  return "unknown";
}

std::optional<SamplerKind> parseSamplerKind(const std::string& name) {
  for (SamplerKind k : {SamplerKind::Ddim, SamplerKind::Ddpm})
    if (toString(k) == name) return k;
  return std::nullopt;
}

std::unique_ptr<DiffusionSampler> makeSampler(SamplerKind kind, NoiseSchedule schedule) {
  switch (kind) {
    case SamplerKind::Ddim:
      return std::make_unique<DdimSampler>(std::move(schedule));
    case SamplerKind::Ddpm:
      return std::make_unique<DdpmSampler>(std::move(schedule));
  }
  throw Error("sampler: unknown kind value " + std::to_string(int(kind)));
}

}  // namespace ds
