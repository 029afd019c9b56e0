#pragma once
// Two stages in one frame with a movable split: A left of the line, B right of it (drag to move).
#include <QFutureWatcher>
#include <QImage>
#include <QWidget>
#include <memory>
#include <utility>

#include "core/image/ColormapOptions.h"
#include "core/image/DepthMap.h"

namespace ds::ui {

class WipeView : public QWidget {
  Q_OBJECT
 public:
  explicit WipeView(QWidget* parent = nullptr);
  ~WipeView() override;
  void setMaps(std::shared_ptr<const DepthMap> a, const QString& nameA,
               std::shared_ptr<const DepthMap> b, const QString& nameB);
  void setColormap(const ColormapOptions& options);
  void setSplit(double fraction);  // 0..1 of the width
  double split() const { return split_; }

 protected:
  void paintEvent(QPaintEvent*) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;

 private:
  void recolour();
  std::shared_ptr<const DepthMap> a_, b_;
  QString nameA_, nameB_;
  ColormapOptions options_;
  std::pair<QImage, QImage> images_;
  QFutureWatcher<std::pair<QImage, QImage>> watcher_;
  double split_ = 0.5;
};

}  // namespace ds::ui
