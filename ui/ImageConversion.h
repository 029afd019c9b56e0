#pragma once
// Between the core's images and Qt's, for the views (no processing: a copy of the bytes).
#include <QImage>

#include "core/image/Image.h"

namespace ds::ui {

// RGB888 copy (grey and RGBA become RGB).
QImage toQImage(const Image& image);
// An 8-bit QImage as a core Image in [0, 1] RGB.
Image fromQImage(const QImage& image);

}  // namespace ds::ui
