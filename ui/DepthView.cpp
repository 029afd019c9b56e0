#include "ui/DepthView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "core/image/ColorLegend.h"
#include "core/image/Colormap.h"
#include "ui/ImageConversion.h"

namespace ds::ui {

namespace {

QString valueText(const DepthMap& d, int x, int y) {
  const float v = d.at(x, y);
  switch (d.kind()) {
    case DepthKind::MetricDepth:
      return QString("%1 m").arg(double(v), 0, 'f', 3);
    case DepthKind::RelativeDepth:
      return QString("%1 (relative depth)").arg(double(v), 0, 'g', 4);
    case DepthKind::RelativeInverseDepth:
      break;
  }
  return QString("%1 (relative inverse depth)").arg(double(v), 0, 'g', 4);
}

}  // namespace

DepthView::DepthView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(160, 120);
  setAttribute(Qt::WA_OpaquePaintEvent);
  connect(&watcher_, &QFutureWatcher<Picture>::finished, this, [this] {
    picture_ = watcher_.result();
    update();
    if (recolourAgain_) {
      recolourAgain_ = false;
      recolour();
    }
  });
}

DepthView::~DepthView() {
  watcher_.waitForFinished();  // the task reads maps this view shares; let it end
}

void DepthView::setDepth(std::shared_ptr<const DepthMap> depth, const QString& title) {
  const bool sizeChanged =
      !depth_ || !depth || depth_->width() != depth->width() || depth_->height() != depth->height();
  depth_ = std::move(depth);
  title_ = title;
  if (sizeChanged) resetView();
  recolour();
}

void DepthView::setUncertainty(std::shared_ptr<const DepthMap> uncertainty) {
  uncertainty_ = std::move(uncertainty);
  if (overlay_ != Overlay::None) recolour();
}

void DepthView::setColormap(const ColormapOptions& options) {
  options_ = options;
  recolour();
}

void DepthView::setOverlay(Overlay overlay) {
  overlay_ = overlay;
  recolour();
}

void DepthView::recolour() {
  if (watcher_.isRunning()) {
    recolourAgain_ = true;  // one more pass with the newest inputs when this one ends
    return;
  }
  if (!depth_ || depth_->empty()) {
    picture_ = {};
    update();
    return;
  }
  const auto depth = depth_, spread = uncertainty_;
  const ColormapOptions options = options_;
  const Overlay overlay = overlay_;
  const int legendHeight = std::max(200, height() - 40);
  watcher_.setFuture(QtConcurrent::run([depth, spread, options, overlay, legendHeight] {
    Picture p;
    ColorRange range;
    ColormapOptions o = options;
    const DepthMap* shown = depth.get();
    if (overlay == Overlay::UncertaintyOnly && spread && !spread->empty()) {
      shown = spread.get();
      o.map = ColormapName::Inferno;
      o.range = RangeMode::Auto;
    }
    Image colours = colorize(*shown, o, &range);
    if (overlay == Overlay::Uncertainty && spread && !spread->empty() &&
        spread->width() == colours.width() && spread->height() == colours.height()) {
      // Blend a red tint in proportion to the spread (relative to its 98th percentile).
      const float top = std::max(1e-6f, spread->validQuantile(0.98));
      for (int y = 0; y < colours.height(); ++y)
        for (int x = 0; x < colours.width(); ++x) {
          const float a = std::clamp(spread->at(x, y) / top, 0.0f, 1.0f) * 0.7f;
          colours.at(x, y, 0) = colours.at(x, y, 0) * (1 - a) + a;
          colours.at(x, y, 1) *= (1 - a);
          colours.at(x, y, 2) *= (1 - a);
        }
    }
    p.image = toQImage(colours);
    p.legend = toQImage(colorLegend(o, range, shown->kind(), 110, legendHeight));
    p.lo = range.lo;
    p.hi = range.hi;
    return p;
  }));
}

QRectF DepthView::imageRect() const {
  if (!depth_) return {};
  const double w = depth_->width(), h = depth_->height();
  const double legendW = picture_.legend.isNull() ? 0 : picture_.legend.width() + 8;
  const double fit = std::min((width() - legendW) / w, double(height()) / h);
  const double s = fit * zoom_;
  const QPointF c = centre_.x() < 0 ? QPointF(w / 2, h / 2) : centre_;
  const QPointF screenCentre((width() - legendW) / 2.0, height() / 2.0);
  return {screenCentre.x() - c.x() * s, screenCentre.y() - c.y() * s, w * s, h * s};
}

QPointF DepthView::toMap(QPointF screen) const {
  const QRectF r = imageRect();
  if (r.width() <= 0) return {-1, -1};
  return {(screen.x() - r.x()) / r.width() * depth_->width(),
          (screen.y() - r.y()) / r.height() * depth_->height()};
}

void DepthView::setView(double zoom, QPointF centre) {
  zoom_ = std::clamp(zoom, 0.1, 64.0);
  centre_ = centre;
  update();
}

void DepthView::resetView() {
  zoom_ = 1.0;
  centre_ = {-1, -1};
  update();
  Q_EMIT viewChanged(zoom_, centre_);
}

void DepthView::paintInto(QPainter& p, const QRect& area) const {
  p.fillRect(area, QColor(30, 30, 34));
  if (picture_.image.isNull()) {
    p.setPen(QColor(160, 160, 170));
    p.drawText(area, Qt::AlignCenter, depth_ ? tr("colouring…") : tr("no depth yet"));
    return;
  }
  p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 2.0);
  p.drawImage(imageRect(), picture_.image);
  if (!picture_.legend.isNull()) {
    const int x = area.width() - picture_.legend.width() - 4;
    p.drawImage(QPoint(x, std::max(4, (area.height() - picture_.legend.height()) / 2)),
                picture_.legend);
  }
  if (!title_.isEmpty()) {
    QFont f = p.font();
    f.setBold(true);
    p.setFont(f);
    const QRect box(8, 6, p.fontMetrics().horizontalAdvance(title_) + 12,
                    p.fontMetrics().height() + 6);
    p.fillRect(box, QColor(0, 0, 0, 150));
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter, title_);
  }
}

void DepthView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  paintInto(p, rect());
}

QImage DepthView::renderToImage() const {
  QImage img(size(), QImage::Format_RGB32);
  QPainter p(&img);
  paintInto(p, rect());
  return img;
}

void DepthView::wheelEvent(QWheelEvent* e) {
  if (!depth_) return;
  const QPointF before = toMap(e->position());
  const double factor = std::pow(1.0015, e->angleDelta().y());
  zoom_ = std::clamp(zoom_ * factor, 0.1, 64.0);
  // Keep the map point under the cursor where it was.
  if (centre_.x() < 0) centre_ = {depth_->width() / 2.0, depth_->height() / 2.0};
  const QPointF after = toMap(e->position());
  centre_ += before - after;
  update();
  Q_EMIT viewChanged(zoom_, centre_);
}

void DepthView::mousePressEvent(QMouseEvent* e) {
  if (!depth_ || e->button() != Qt::LeftButton) return;
  dragging_ = true;
  dragStart_ = e->position();
  dragCentre_ = centre_.x() < 0 ? QPointF(depth_->width() / 2.0, depth_->height() / 2.0) : centre_;
}

void DepthView::mouseMoveEvent(QMouseEvent* e) {
  if (!depth_) return;
  if (dragging_) {
    const QRectF r = imageRect();
    const double s = r.width() / depth_->width();
    centre_ = dragCentre_ - (e->position() - dragStart_) / s;
    update();
    Q_EMIT viewChanged(zoom_, centre_);
    return;
  }
  const QPointF m = toMap(e->position());
  const int x = int(std::floor(m.x())), y = int(std::floor(m.y()));
  const bool inside = x >= 0 && y >= 0 && x < depth_->width() && y < depth_->height();
  if (!inside) {
    Q_EMIT hovered(x, y, false, 0, {});
    return;
  }
  const bool valid = depth_->isValid(x, y);
  QString text =
      QString("(%1, %2)  ").arg(x).arg(y) + (valid ? valueText(*depth_, x, y) : tr("no depth"));
  if (uncertainty_ && !uncertainty_->empty() && uncertainty_->width() == depth_->width())
    text += QString("  ± %1").arg(double(uncertainty_->at(x, y)), 0, 'f', 3);
  Q_EMIT hovered(x, y, valid, valid ? depth_->at(x, y) : 0.0, text);
}

void DepthView::mouseReleaseEvent(QMouseEvent*) {
  dragging_ = false;
}

void DepthView::mouseDoubleClickEvent(QMouseEvent*) {
  resetView();
}

}  // namespace ds::ui
