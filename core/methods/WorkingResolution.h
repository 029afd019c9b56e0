#pragma once
// The resolution the networks run at: the image scaled so its longer side is about `longSide`,
// aspect ratio kept, both sides rounded to a multiple the networks need (16 for the base and the
// restorer, 2^(levels-1) for a U-Net). Results are resampled back to the image afterwards.
namespace ds {

struct WorkingResolution {
  int width = 0, height = 0;

  // Throws ds::Error for an empty image, longSide < multiple, or multiple < 1.
  static WorkingResolution forImage(int imageWidth, int imageHeight, int longSide, int multiple);
};

}  // namespace ds
