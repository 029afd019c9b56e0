#include "ui/WipeView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "core/image/Colormap.h"
#include "ui/ImageConversion.h"

namespace ds::ui {

WipeView::WipeView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(200, 150);
  connect(&watcher_, &QFutureWatcher<std::pair<QImage, QImage>>::finished, this, [this] {
    images_ = watcher_.result();
    update();
  });
}

WipeView::~WipeView() {
  watcher_.waitForFinished();
}

void WipeView::setMaps(std::shared_ptr<const DepthMap> a, const QString& nameA,
                       std::shared_ptr<const DepthMap> b, const QString& nameB) {
  a_ = std::move(a);
  b_ = std::move(b);
  nameA_ = nameA;
  nameB_ = nameB;
  recolour();
}

void WipeView::setColormap(const ColormapOptions& options) {
  options_ = options;
  recolour();
}

void WipeView::setSplit(double fraction) {
  split_ = std::clamp(fraction, 0.0, 1.0);
  update();
}

void WipeView::recolour() {
  if (!a_ || !b_) {
    images_ = {};
    update();
    return;
  }
  watcher_.waitForFinished();
  const auto a = a_, b = b_;
  const ColormapOptions o = options_;
  watcher_.setFuture(QtConcurrent::run(
      [a, b, o] { return std::make_pair(toQImage(colorize(*a, o)), toQImage(colorize(*b, o))); }));
}

void WipeView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(30, 30, 34));
  if (images_.first.isNull() || images_.second.isNull()) {
    p.setPen(QColor(160, 160, 170));
    p.drawText(rect(), Qt::AlignCenter, tr("choose two stages to wipe between"));
    return;
  }
  const QSize s = images_.first.size().scaled(size(), Qt::KeepAspectRatio);
  const QRect target(QPoint((width() - s.width()) / 2, (height() - s.height()) / 2), s);
  const int cut = target.left() + int(split_ * target.width());
  p.setRenderHint(QPainter::SmoothPixmapTransform);
  p.setClipRect(QRect(target.topLeft(), QPoint(cut, target.bottom())));
  p.drawImage(target, images_.first);
  p.setClipRect(QRect(QPoint(cut, target.top()), target.bottomRight()));
  p.drawImage(target, images_.second);
  p.setClipping(false);
  p.setPen(QPen(Qt::white, 2));
  p.drawLine(cut, target.top(), cut, target.bottom());
  p.fillRect(QRect(target.left() + 6, target.top() + 6, 120, 22), QColor(0, 0, 0, 150));
  p.fillRect(QRect(target.right() - 126, target.top() + 6, 120, 22), QColor(0, 0, 0, 150));
  p.drawText(QRect(target.left() + 6, target.top() + 6, 120, 22), Qt::AlignCenter, nameA_);
  p.drawText(QRect(target.right() - 126, target.top() + 6, 120, 22), Qt::AlignCenter, nameB_);
}

void WipeView::mousePressEvent(QMouseEvent* e) {
  setSplit(e->position().x() / std::max(1, width()));
}

void WipeView::mouseMoveEvent(QMouseEvent* e) {
  if (e->buttons() & Qt::LeftButton) setSplit(e->position().x() / std::max(1, width()));
}

}  // namespace ds::ui
