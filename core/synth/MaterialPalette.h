#pragma once
// Photographic colour palettes for the procedural world: the albedos real rooms and streets have
// (woods, painted walls, fabrics, stone, asphalt, foliage...), each drawn with jitter from a seed.
#include <random>

#include "core/synth/SceneDescription.h"

namespace ds {

enum class Surface {
  WoodFloor, TileFloor, Carpet, WallPaint, WallBrick, WallTile, Ceiling,
  FurnitureWood, FurniturePaint, Fabric, Metal, Plastic, Decor,
  Asphalt, Sidewalk, Grass, Soil, BuildingFacade, BrickFacade, Foliage, Bark, Rock, CarPaint
};

class MaterialPalette {
 public:
  // A material for a surface type, with random colour, pattern scale and variation.
  static Material draw(Surface surface, std::mt19937_64& rng);
};

}  // namespace ds
