#pragma once
// The input: a drop zone for one image, a stereo pair (two images dropped together, or into the
// left and right slots), an image plus a ground-truth depth file (then metrics show), or a folder
// (its images are queued). Thumbnails of what is loaded; a clear message for what cannot be used.
#include <QLabel>
#include <QWidget>

#include "ui/InputSet.h"

class QPushButton;

namespace ds::ui {

// One slot: a thumbnail that accepts a drop of one file.
class InputSlot : public QLabel {
  Q_OBJECT
 public:
  InputSlot(const QString& role, QWidget* parent = nullptr);
  void setFile(const QString& path);
  const QString& file() const { return file_; }

 Q_SIGNALS:
  void dropped(const QStringList& paths);

 protected:
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  QString role_, file_;
};

class InputPanel : public QWidget {
  Q_OBJECT
 public:
  explicit InputPanel(QWidget* parent = nullptr);
  void setInput(const InputSet& input);
  const InputSet& input() const { return input_; }
  void showProblem(const QString& problem);
  // Takes the next queued image (batch); false when the queue is empty.
  bool advanceBatch();

 Q_SIGNALS:
  void inputChanged(const ds::ui::InputSet& input);

 protected:
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  void apply(const InputSet& input);
  InputSet input_;
  InputSlot *left_, *right_, *gt_;
  QLabel *problem_, *queue_;
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(ds::ui::InputSet)
