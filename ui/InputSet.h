#pragma once
// What the user dropped or opened, sorted into what the pipeline takes: one image, a stereo pair,
// an image with a ground-truth depth file, or a batch of images (a folder).
#include <QString>
#include <QStringList>

namespace ds::ui {

struct InputSet {
  QString image;        // the (left) image
  QString right;        // the right view of a rectified pair, or empty
  QString groundTruth;  // a depth file to score against, or empty
  QStringList batch;    // further images queued after this one (a dropped folder)
  QString problem;      // why the files could not be used (shown in the window), or empty

  bool empty() const { return image.isEmpty(); }
  // Sorts dropped paths: folders expand to their images; two images are a pair (the one whose
  // name says left/L/0 first); a depth file (.npy .pfm .exr, or a PNG named like depth/gt) is
  // ground truth; anything else is named in `problem`.
  static InputSet classify(const QStringList& paths);
  static bool isImageFile(const QString& path);
  static bool isDepthFile(const QString& path);
};

}  // namespace ds::ui
