#pragma once
// A folder of RGB-D frames, one sub-folder each (the layout of ../shared/data/rgbd):
//   <id>/rgb.png          8/16-bit colour image
//   <id>/depth.png        uint16, metres = value / depth_scale, 0 = no data
//   <id>/valid.png        optional 8-bit mask, 255 = the pixel counts in evaluation
//   <id>/intrinsics.json  fx fy cx cy width height depth_scale split valid_range_m crop [source]
// Opening lists and checks every frame's files and JSON, so a broken set fails before a long run.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/eval/RgbdFrame.h"

namespace ds {

class RgbdDataset {
 public:
  // Throws ds::Error naming the file: root missing or not a folder, no frame folders, a frame
  // without rgb.png / depth.png / intrinsics.json, or a JSON key that is missing or wrong.
  static RgbdDataset open(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return root_; }
  size_t size() const { return frames_.size(); }
  // Frames in id order.
  const RgbdFrameInfo& info(size_t index) const;
  // Reads the pixels. Throws ds::Error naming the file when one is unreadable, truncated or of a
  // size other than intrinsics.json says.
  RgbdFrame load(size_t index) const;

 private:
  std::filesystem::path root_;
  std::vector<RgbdFrameInfo> frames_;
};

}  // namespace ds
