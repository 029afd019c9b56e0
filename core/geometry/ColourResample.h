#pragma once
// Brings a colour image to the depth map's size so every depth pixel has a colour: networks often
// predict depth at a working resolution below the photo's.
#include "core/image/Image.h"

namespace ds {

// RGB copy of `image` (grey replicated, alpha dropped) at width x height. Area averaging when
// shrinking (no aliasing from a large photo), bilinear when enlarging; a copy when the size
// already matches. Throws ds::Error for an empty image or a non-positive size.
Image rgbAtSize(const Image& image, int width, int height);

}  // namespace ds
