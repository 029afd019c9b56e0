#pragma once
// Scrubs the x0 trajectory of a diffusion stage (restored, refined or DepthGen): a stage chooser,
// a slider over its steps, and the step's timestep. The last position is the stage's result.
#include <QWidget>
#include <map>
#include <memory>
#include <vector>

#include "core/image/DepthMap.h"

class QComboBox;
class QSlider;
class QLabel;

namespace ds::ui {

class StepSlider : public QWidget {
  Q_OBJECT
 public:
  explicit StepSlider(QWidget* parent = nullptr);

  // Frames of a stage (replaces what it had); timesteps may be empty.
  void setTrajectory(const QString& stage, std::vector<std::shared_ptr<const DepthMap>> frames,
                     std::vector<long long> timesteps);
  // A live frame as it arrives (the slider follows the newest while the run goes on).
  void addLiveFrame(const QString& stage, int step, int steps,
                    std::shared_ptr<const DepthMap> frame);
  void clear();
  QString stage() const;
  int step() const;  // 0-based
  int stepCount() const;
  void setStep(int index);
  void setStage(const QString& stage);

 Q_SIGNALS:
  // The frame to show (nullptr when there is none).
  void frameSelected(const QString& stage, int step, std::shared_ptr<const ds::DepthMap> frame);

 private:
  void refresh();
  void emitCurrent();
  struct Track {
    std::vector<std::shared_ptr<const DepthMap>> frames;
    std::vector<long long> timesteps;
  };
  std::map<QString, Track> tracks_;
  QComboBox* stageBox_;
  QSlider* slider_;
  QLabel* label_;
};

}  // namespace ds::ui
