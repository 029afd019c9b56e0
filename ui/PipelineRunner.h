#pragma once
// The one adapter between the GUI and the pipeline: runs Pipeline::run on a worker thread and
// hands progress, live diffusion-step previews, the finished (immutable) result, errors and
// cancellation to the GUI thread through queued signals. The GUI never waits on the worker: a run
// requested while one is going cancels it and starts when it has stopped (the last request wins).
#include <QObject>
#include <QString>
#include <memory>
#include <mutex>
#include <optional>

#include "core/models/ModelRegistry.h"
#include "core/pipeline/PipelineInput.h"
#include "core/pipeline/PipelineOptions.h"
#include "core/pipeline/PipelineResult.h"
#include "core/util/CancelToken.h"

namespace ds {
class Pipeline;
}

namespace ds::ui {

// A diffusion step's estimate on its way to the step slider and the views.
struct StepFrame {
  QString stage;
  int step = 0, steps = 0;
  std::shared_ptr<const DepthMap> depth;
};

class PipelineRunner : public QObject {
  Q_OBJECT
 public:
  // Uses `registry` (which must outlive the runner) for every run.
  explicit PipelineRunner(const ModelRegistry& registry, QObject* parent = nullptr);
  ~PipelineRunner() override;  // cancels a running job and waits for it to stop

  // Starts now, or, while a run is going, cancels it and queues this one.
  void run(std::shared_ptr<const PipelineInput> input, const PipelineOptions& options);
  void cancel();
  bool busy() const;

 Q_SIGNALS:
  void started();
  void progressed(double fraction, const QString& stage, int step, int steps,
                  const QString& message);
  void stepArrived(const ds::ui::StepFrame& frame);
  void finished(std::shared_ptr<const ds::PipelineResult> result,
                std::shared_ptr<const ds::PipelineInput> input);
  void failed(const QString& message);
  void cancelled();

 private:
  struct Job {
    std::shared_ptr<const PipelineInput> input;
    PipelineOptions options;
  };
  void startLocked(Job job);
  void work(Job job);

  const ModelRegistry& registry_;
  std::unique_ptr<Pipeline> pipeline_;
  mutable std::mutex mutex_;
  bool running_ = false;
  std::optional<Job> pending_;
  CancelToken cancel_;
  class Worker;
  std::unique_ptr<Worker> worker_;
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(ds::ui::StepFrame)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::PipelineResult>)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::PipelineInput>)
