#pragma once
// One procedural scene as plain data: analytic primitives with materials, lights, camera, sky and
// atmosphere. SceneSampler draws it from a seed; SceneRenderer ray-casts it. World frame: y up,
// metres; the camera looks along +z at yaw 0.
#include <array>
#include <cstdint>
#include <vector>

namespace ds {

using Vec3 = std::array<float, 3>;

enum class SceneKind { Indoor, Street, Landscape };
const char* toString(SceneKind kind);  // "indoor", "street", "landscape"

// Procedural surface patterns (ProceduralTexture).
enum class Pattern : int {
  Plain = 0,   // fractal noise between the two colours
  Wood = 1,    // planks with rings and seams
  Brick = 2,   // running bond with mortar
  Tile = 3,    // square tiles with grout (checker when variation > 0.5)
  Paint = 4,   // painted wall: low-frequency mottling and a vertical gradient
  Facade = 5,  // building face with a grid of windows
  Fabric = 6,  // stripes and weave
  Ground = 7,  // grass, soil or asphalt: high-frequency two-colour noise
};

struct Material {
  Vec3 colour{0.5f, 0.5f, 0.5f};   // linear RGB albedo
  Vec3 colour2{0.3f, 0.3f, 0.3f};  // second colour of the pattern (mortar, grain, glass...)
  Pattern pattern = Pattern::Plain;
  float scale = 1.0f;      // pattern frequency multiplier
  float variation = 0.3f;  // pattern strength, 0..1
};

// n . x = d (two-sided).
struct PlaneShape {
  Vec3 normal{0, 1, 0};
  float offset = 0;
  int material = 0;
};
// A box rotated by `yaw` radians about the vertical axis through its centre.
struct BoxShape {
  Vec3 centre{0, 0, 0};
  Vec3 half{0.5f, 0.5f, 0.5f};
  float yaw = 0;
  int material = 0;
};
struct SphereShape {
  Vec3 centre{0, 0, 0};
  float radius = 1;
  int material = 0;
};
// Vertical cylinder with caps: axis through (x, z), from y0 to y1.
struct CylinderShape {
  float x = 0, z = 0, radius = 0.1f, y0 = 0, y1 = 1;
  int material = 0;
};

struct Light {
  Vec3 position{0, 3, 0};  // point light; for a directional light, the direction towards it
  Vec3 colour{1, 1, 1};    // linear RGB intensity (radiance scale)
  bool directional = false;
};

struct CameraPose {
  Vec3 position{0, 1.5f, 0};
  float yaw = 0, pitch = 0, roll = 0;  // radians; pitch > 0 looks up
  float horizontalFovDeg = 60;
};

struct SceneDescription {
  SceneKind kind = SceneKind::Indoor;
  std::vector<Material> materials;
  std::vector<PlaneShape> planes;
  std::vector<BoxShape> boxes;
  std::vector<SphereShape> spheres;
  std::vector<CylinderShape> cylinders;
  std::vector<Light> lights;
  CameraPose camera;
  Vec3 ambient{0.2f, 0.2f, 0.2f};  // light from everywhere, attenuated by ambient occlusion
  float aoRadius = 0.5f;           // metres
  bool sky = false;                // rays that hit nothing see the sky (depth invalid)
  Vec3 skyZenith{0.25f, 0.45f, 0.85f}, skyHorizon{0.75f, 0.85f, 0.95f};
  float fogDensity = 0;  // per metre
  Vec3 fogColour{0.7f, 0.75f, 0.8f};
  float maxDepth = 100;  // ground truth beyond this is invalid (sensor range)

  int addMaterial(const Material& m) {
    materials.push_back(m);
    return int(materials.size()) - 1;
  }
};

}  // namespace ds
