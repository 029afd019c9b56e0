#pragma once
// Shows one depth map colour-mapped, with its legend: zoom (wheel, around the cursor), pan (drag),
// reset (double click), the depth and pixel under the cursor, and the uncertainty as its own map
// or as an overlay. Colouring runs off the GUI thread; the view keeps showing the last picture
// until the new one is ready. Views can be linked (compare panes): each reports its view changes.
#include <QFutureWatcher>
#include <QImage>
#include <QPointF>
#include <QWidget>
#include <memory>

#include "core/image/ColormapOptions.h"
#include "core/image/DepthMap.h"

namespace ds::ui {

class DepthView : public QWidget {
  Q_OBJECT
 public:
  enum class Overlay { None, Uncertainty, UncertaintyOnly };

  explicit DepthView(QWidget* parent = nullptr);
  ~DepthView() override;

  // The map to show (shared, immutable); `title` is drawn in the corner. An empty pointer clears.
  void setDepth(std::shared_ptr<const DepthMap> depth, const QString& title = {});
  void setUncertainty(std::shared_ptr<const DepthMap> uncertainty);
  void setColormap(const ColormapOptions& options);
  void setOverlay(Overlay overlay);
  const ColormapOptions& colormap() const { return options_; }
  std::shared_ptr<const DepthMap> depth() const { return depth_; }

  // Zoom factor (screen px per map px, relative to fit) and the map point at the view's centre.
  void setView(double zoom, QPointF centre);
  double zoom() const { return zoom_; }
  QPointF centre() const { return centre_; }
  void resetView();
  // The picture as shown (for export and tests), legend included.
  QImage renderToImage() const;
  bool colouringPending() const { return watcher_.isRunning(); }

 Q_SIGNALS:
  void viewChanged(double zoom, QPointF centre);
  // x, y in map pixels; valid false outside the map or on an invalid pixel.
  void hovered(int x, int y, bool valid, double value, const QString& text);

 protected:
  void paintEvent(QPaintEvent*) override;
  void wheelEvent(QWheelEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void mouseDoubleClickEvent(QMouseEvent* e) override;

 private:
  struct Picture {
    QImage image, legend;
    double lo = 0, hi = 1;
  };
  void recolour();
  QRectF imageRect() const;  // where the map lands on screen
  QPointF toMap(QPointF screen) const;
  void paintInto(QPainter& p, const QRect& area) const;

  std::shared_ptr<const DepthMap> depth_, uncertainty_;
  QString title_;
  ColormapOptions options_;
  Overlay overlay_ = Overlay::None;
  Picture picture_;
  QFutureWatcher<Picture> watcher_;
  bool recolourAgain_ = false;
  double zoom_ = 1.0;
  QPointF centre_{-1, -1};  // map coordinates; negative = the map's centre
  QPointF dragStart_;
  QPointF dragCentre_;
  bool dragging_ = false;
};

}  // namespace ds::ui
