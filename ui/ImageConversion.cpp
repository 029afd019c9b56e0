#include "ui/ImageConversion.h"

#include <algorithm>

namespace ds::ui {

QImage toQImage(const Image& image) {
  const Image rgb = image.toRgb();
  const std::vector<uint8_t> bytes = rgb.toBytes();
  QImage img(rgb.width(), rgb.height(), QImage::Format_RGB888);
  for (int y = 0; y < rgb.height(); ++y)
    std::copy_n(bytes.data() + size_t(y) * rgb.width() * 3, size_t(rgb.width()) * 3,
                img.scanLine(y));
  return img;
}

Image fromQImage(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
  Image out(rgb.width(), rgb.height(), 3);
  for (int y = 0; y < rgb.height(); ++y) {
    const uchar* line = rgb.constScanLine(y);
    for (int x = 0; x < rgb.width() * 3; ++x)
      out.pixels()[size_t(y) * rgb.width() * 3 + x] = line[x] / 255.0f;
  }
  return out;
}

}  // namespace ds::ui
