#include "ui/InputSet.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

namespace ds::ui {

bool InputSet::isImageFile(const QString& path) {
  static const QStringList ext = {"png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "ppm"};
  const QFileInfo f(path);
  return ext.contains(f.suffix().toLower()) && !isDepthFile(path);
}

bool InputSet::isDepthFile(const QString& path) {
  const QFileInfo f(path);
  const QString s = f.suffix().toLower();
  if (s == "npy" || s == "pfm" || s == "exr") return true;
  static const QRegularExpression depthName("(^|[_\\-. ])(depth|gt|groundtruth|disp)([_\\-. ]|$)",
                                            QRegularExpression::CaseInsensitiveOption);
  return s == "png" && depthName.match(f.completeBaseName()).hasMatch();
}

InputSet InputSet::classify(const QStringList& paths) {
  InputSet set;
  QStringList images, depths, unknown;
  for (const QString& p : paths) {
    const QFileInfo f(p);
    if (f.isDir()) {
      for (const QFileInfo& e : QDir(p).entryInfoList(QDir::Files, QDir::Name))
        if (isImageFile(e.filePath())) set.batch << e.filePath();
    } else if (!f.exists()) {
      unknown << p + QObject::tr(" (not found)");
    } else if (isDepthFile(p)) {
      depths << p;
    } else if (isImageFile(p)) {
      images << p;
    } else {
      unknown << p;
    }
  }
  if (!unknown.isEmpty())
    set.problem = QObject::tr("not an image or depth file: %1").arg(unknown.join(", "));
  if (images.isEmpty() && !set.batch.isEmpty()) {
    set.image = set.batch.takeFirst();
    return set;
  }
  if (images.size() > 2) {  // several images: a batch
    set.image = images.takeFirst();
    set.batch = images + set.batch;
  } else if (images.size() == 2) {
    static const QRegularExpression rightName("(right|_r$|r$|_1$)",
                                              QRegularExpression::CaseInsensitiveOption);
    const bool firstIsRight = rightName.match(QFileInfo(images[0]).completeBaseName()).hasMatch() &&
                              !rightName.match(QFileInfo(images[1]).completeBaseName()).hasMatch();
    set.image = firstIsRight ? images[1] : images[0];
    set.right = firstIsRight ? images[0] : images[1];
  } else if (images.size() == 1) {
    set.image = images[0];
  }
  if (!depths.isEmpty()) {
    if (set.image.isEmpty() && set.problem.isEmpty())
      set.problem = QObject::tr("a ground-truth depth file needs an image: drop both together");
    set.groundTruth = depths.first();
  }
  if (set.image.isEmpty() && set.problem.isEmpty())
    set.problem = QObject::tr("no image in what was dropped");
  return set;
}

}  // namespace ds::ui
