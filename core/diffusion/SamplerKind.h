#pragma once
// The samplers by name, for the CLI, the GUI and saved settings. Torch-free, so options structs
// that the GUI includes can hold one; SamplerFactory.h builds the sampler itself.
#include <optional>
#include <string>

namespace ds {

enum class SamplerKind { Ddim, Ddpm };

// "ddim", "ddpm".
std::string toString(SamplerKind kind);
std::optional<SamplerKind> parseSamplerKind(const std::string& name);

}  // namespace ds
