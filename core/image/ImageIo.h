#pragma once
// Reading and writing colour/grey images. Files are decoded by content (PNG, JPEG, TIFF, BMP, WebP:
// whatever this OpenCV reads), keep 16-bit precision and alpha, and are turned upright by their
// EXIF orientation. Files cut short are refused rather than shown half grey.
#include <filesystem>
#include <string>
#include <vector>

#include "core/image/Image.h"

namespace cv {
class Mat;
}

namespace ds {

// 8/16-bit grey, RGB or RGBA as an Image in [0, 1] (sourceBitDepth 8 or 16; float files give 32).
// Throws ds::Error naming the path when the file is missing, a folder, empty, not a decodable
// image, truncated (JPEG without end marker, PNG without IEND) or of zero size.
Image readImage(const std::filesystem::path& path);

// Writes by extension: .png (16-bit when image.sourceBitDepth() >= 16, else 8-bit; alpha kept) or
// .jpg/.jpeg (8-bit, quality 95, alpha dropped). Atomic: a failure leaves no file behind.
void writeImage(const std::filesystem::path& path, const Image& image);

// Extensions readImage accepts for file dialogs, lower case with the dot (".png", ".jpg", ...).
std::vector<std::string> supportedImageExtensions();

// The file as OpenCV decodes it with cv::IMREAD_UNCHANGED (native bit depth and channels, BGR
// order), after the same checks as readImage, without EXIF orientation. For depth readers.
cv::Mat decodeImageFile(const std::filesystem::path& path);

// OpenCV 4.6 leaves its EXR codec off unless OPENCV_IO_ENABLE_OPENEXR is set before first use; this
// sets it (without overriding a user's own value). Safe to call many times.
void enableOpenExr();

}  // namespace ds
