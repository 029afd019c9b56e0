#pragma once
// How the members of a diffusion ensemble are combined (torch-free, for options structs).
#include <optional>
#include <string>

namespace ds {

enum class EnsembleReduction { Median, Mean };
std::string toString(EnsembleReduction reduction);  // "median", "mean"
std::optional<EnsembleReduction> parseEnsembleReduction(const std::string& name);

}  // namespace ds
