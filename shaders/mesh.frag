#version 330 core
// mode 0: normal-shaded (the papers' "3D reconstruction coloured as normals": (n + 1) / 2 in the
// view frame); mode 1: the image's colours with a headlight; mode 2: points in the image's colours.
in vec3 viewNormal;
in vec3 vertexColour;
uniform int mode;
out vec4 fragColour;
void main() {
  vec3 n = normalize(viewNormal);
  if (!gl_FrontFacing) n = -n;
  if (mode == 0) {
    fragColour = vec4(n * 0.5 + 0.5, 1.0);
  } else if (mode == 1) {
    float light = 0.35 + 0.65 * max(dot(n, vec3(0.0, 0.0, 1.0)), 0.0);
    fragColour = vec4(vertexColour * light, 1.0);
  } else {
    fragColour = vec4(vertexColour, 1.0);
  }
}
