#include "core/diffusion/PredictionType.h"

namespace ds {

std::string toString(PredictionType type) {
  switch (type) {
    case PredictionType::Epsilon:
      return "epsilon";
    case PredictionType::V:
      return "v";
    case PredictionType::Sample:
      return "sample";
  }
  return "unknown";
}

std::optional<PredictionType> parsePredictionType(const std::string& name) {
  for (PredictionType t : {PredictionType::Epsilon, PredictionType::V, PredictionType::Sample})
    if (toString(t) == name) return t;
  return std::nullopt;
}

}  // namespace ds
