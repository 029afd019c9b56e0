#include "ui/InputPanel.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QImageReader>
#include <QMimeData>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ds::ui {

namespace {

QStringList pathsOf(const QMimeData* mime) {
  QStringList out;
  for (const QUrl& u : mime->urls())
    if (u.isLocalFile()) out << u.toLocalFile();
  return out;
}

}  // namespace

InputSlot::InputSlot(const QString& role, QWidget* parent) : QLabel(parent), role_(role) {
  setAcceptDrops(true);
  setAlignment(Qt::AlignCenter);
  setMinimumSize(110, 84);
  setMaximumHeight(110);
  setFrameShape(QFrame::StyledPanel);
  setWordWrap(true);
  setFile({});
}

void InputSlot::setFile(const QString& path) {
  file_ = path;
  if (path.isEmpty()) {
    setPixmap({});
    setText(tr("%1\n(drop here)").arg(role_));
    setToolTip({});
    return;
  }
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QSize size = reader.size();
  if (size.isValid()) reader.setScaledSize(size.scaled(150, 100, Qt::KeepAspectRatio));
  const QImage thumb = reader.read();
  if (thumb.isNull())
    setText(role_ + "\n" + QFileInfo(path).fileName());
  else
    setPixmap(QPixmap::fromImage(thumb));
  setToolTip(role_ + ": " + path);
}

void InputSlot::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void InputSlot::dropEvent(QDropEvent* e) {
  Q_EMIT dropped(pathsOf(e->mimeData()));
  e->acceptProposedAction();
}

InputPanel::InputPanel(QWidget* parent) : QWidget(parent) {
  setAcceptDrops(true);
  auto* grid = new QGridLayout;
  left_ = new InputSlot(tr("Image / left"));
  right_ = new InputSlot(tr("Right view"));
  gt_ = new InputSlot(tr("Ground truth"));
  left_->setObjectName("slotImage");
  right_->setObjectName("slotRight");
  gt_->setObjectName("slotGroundTruth");
  grid->addWidget(left_, 0, 0);
  grid->addWidget(right_, 0, 1);
  grid->addWidget(gt_, 0, 2);
  auto* open = new QPushButton(tr("Open…"));
  auto* clear = new QPushButton(tr("Clear"));
  grid->addWidget(open, 1, 0);
  grid->addWidget(clear, 1, 1);
  problem_ = new QLabel;
  problem_->setObjectName("inputProblem");
  problem_->setWordWrap(true);
  problem_->setStyleSheet("color: #e06060");
  queue_ = new QLabel;
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(
      new QLabel(tr("Drop an image, a stereo pair, an image with its ground-truth "
                    "depth, or a folder.")));
  layout->addLayout(grid);
  layout->addWidget(queue_);
  layout->addWidget(problem_);

  connect(left_, &InputSlot::dropped, this, [this](const QStringList& p) {
    InputSet s = input_;
    if (!p.isEmpty() && InputSet::isImageFile(p[0]))
      s.image = p[0];
    else
      s.problem = tr("the image slot takes an image file");
    apply(s);
  });
  connect(right_, &InputSlot::dropped, this, [this](const QStringList& p) {
    InputSet s = input_;
    if (!p.isEmpty() && InputSet::isImageFile(p[0]))
      s.right = p[0];
    else
      s.problem = tr("the right-view slot takes an image file");
    apply(s);
  });
  connect(gt_, &InputSlot::dropped, this, [this](const QStringList& p) {
    InputSet s = input_;
    if (!p.isEmpty() && (InputSet::isDepthFile(p[0]) || p[0].endsWith(".png", Qt::CaseInsensitive)))
      s.groundTruth = p[0];
    else
      s.problem = tr("the ground-truth slot takes a depth file (.npy .pfm .exr or 16-bit .png)");
    apply(s);
  });
  connect(open, &QPushButton::clicked, this, [this] {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open an image, a stereo pair or an image and its depth"), {},
        tr("Images and depth (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.npy *.pfm *.exr)"));
    if (!files.isEmpty()) apply(InputSet::classify(files));
  });
  connect(clear, &QPushButton::clicked, this, [this] { apply({}); });
}

void InputPanel::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void InputPanel::dropEvent(QDropEvent* e) {
  apply(InputSet::classify(pathsOf(e->mimeData())));
  e->acceptProposedAction();
}

void InputPanel::setInput(const InputSet& input) {
  apply(input);
}

void InputPanel::showProblem(const QString& problem) {
  problem_->setText(problem);
}

bool InputPanel::advanceBatch() {
  if (input_.batch.isEmpty()) return false;
  InputSet next;
  next.image = input_.batch.front();
  next.batch = input_.batch.mid(1);
  apply(next);
  return true;
}

void InputPanel::apply(const InputSet& input) {
  const bool usable = !input.empty();
  problem_->setText(input.problem);
  if (!usable && !input.problem.isEmpty()) return;  // keep what was loaded
  input_ = input;
  input_.problem.clear();
  left_->setFile(input_.image);
  right_->setFile(input_.right);
  gt_->setFile(input_.groundTruth);
  queue_->setText(input_.batch.isEmpty() ? QString()
                                         : tr("%1 more image(s) queued").arg(input_.batch.size()));
  if (usable || input.empty()) Q_EMIT inputChanged(input_);
}

}  // namespace ds::ui
