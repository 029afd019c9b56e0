#version 330 core
// The reconstruction: positions in the viewer frame (x right, y up, z towards the viewer).
layout(location = 0) in vec3 position;
layout(location = 1) in vec3 normal;
layout(location = 2) in vec3 colour;
uniform mat4 modelView;
uniform mat4 projection;
uniform float pointSize;
out vec3 viewNormal;
out vec3 vertexColour;
void main() {
  gl_Position = projection * modelView * vec4(position, 1.0);
  viewNormal = mat3(modelView) * normal;  // rotation only: the model-view has no scaling
  vertexColour = colour;
  gl_PointSize = pointSize;
}
