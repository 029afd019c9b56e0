#pragma once
// EXIF orientation (tag 0x0112): how a camera says the stored pixels must be turned to be seen
// upright. OpenCV applies it only when it may also convert the pixels (8-bit BGR); readImage needs
// cv::IMREAD_UNCHANGED to keep 16-bit and alpha, so it reads the tag here and turns the image
// itself. Pure C++ (no OpenCV).
#include <cstddef>
#include <string>

namespace ds {

// The orientation 1..8 of an encoded file (1 = as stored), from a JPEG's APP1 "Exif" segment or a
// PNG's eXIf chunk. 1 when there is none or it cannot be read: a broken tag must not stop a load.
int readExifOrientation(const std::string& fileBytes);

// The orientation in a TIFF-structured EXIF block (starting "II*\0" or "MM\0*"), from IFD0.
int exifOrientationFromTiff(const unsigned char* data, size_t size);

// Orientations 5..8 turn the image by 90 degrees, so width and height swap.
inline bool orientationSwapsAxes(int orientation) {
  return orientation >= 5 && orientation <= 8;
}

}  // namespace ds
