#pragma once
// Puts an image into a network's fixed input frame as the sidecar says (stretch, keep-aspect pad
// or keep-aspect crop; colour order; scale, mean and std; NCHW or NHWC) and maps the network's
// single-channel output back onto the image's own pixels. Shared by every backend that reads a
// sidecar; the header stays free of OpenCV so torch-side code can use it too.
#include <cstdint>
#include <vector>

#include "core/image/Image.h"
#include "core/models/ModelSidecar.h"

namespace ds {

class InputFraming {
 public:
  // Throws ds::Error when the image size is empty.
  InputFraming(const ModelSidecar::Input& spec, int imageWidth, int imageHeight);

  // Where the image lands in the input frame, in frame pixels (may extend past the frame when
  // cropping). Stretch: the whole frame.
  struct Placement {
    double x = 0, y = 0, width = 0, height = 0;
  };
  const Placement& placement() const { return placement_; }

  // [1,3,H,W] (NCHW) or [1,H,W,3] (NHWC) float tensor of `image` (grey/RGBA become RGB), which
  // must have the size given at construction.
  std::vector<float> tensor(const Image& image) const;
  std::vector<int> tensorShape() const;

  // Resamples a network output map (outWidth x outHeight, row-major; it may be a multiple or
  // fraction of the input frame) onto the image (bilinear): `values` gets imageWidth*imageHeight
  // entries, `covered` 1 where the network saw that pixel (0 only at cropped-away borders).
  void mapBack(const float* output, int outWidth, int outHeight, std::vector<float>& values,
               std::vector<uint8_t>& covered) const;

 private:
  ModelSidecar::Input spec_;
  int imageWidth_, imageHeight_;
  Placement placement_;
};

}  // namespace ds
