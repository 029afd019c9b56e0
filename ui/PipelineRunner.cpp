#include "ui/PipelineRunner.h"

#include <thread>

#include "core/pipeline/Pipeline.h"
#include "core/util/Error.h"

namespace ds::ui {

// The worker thread: one at a time; joined before the next starts and on destruction.
class PipelineRunner::Worker {
 public:
  std::thread thread;
  ~Worker() {
    if (thread.joinable()) thread.join();
  }
};

namespace {

// Progress from the worker thread, emitted as queued signals (the receivers live on the GUI
// thread). Throttled to about 30 updates a second, except step changes.
class SignalProgress final : public ProgressSink {
 public:
  explicit SignalProgress(PipelineRunner* runner) : runner_(runner) {}
  void report(const Progress& p) override {
    const auto now = std::chrono::steady_clock::now();
    if (p.step == lastStep_ && p.stage == lastStage_ && now - last_ < std::chrono::milliseconds(33))
      return;
    last_ = now;
    lastStep_ = p.step;
    lastStage_ = p.stage;
    Q_EMIT runner_->progressed(p.fraction, QString::fromStdString(p.stage), p.step, p.steps,
                               QString::fromStdString(p.message));
  }

 private:
  PipelineRunner* runner_;
  std::chrono::steady_clock::time_point last_{};
  int lastStep_ = -1;
  std::string lastStage_;
};

}  // namespace

PipelineRunner::PipelineRunner(const ModelRegistry& registry, QObject* parent)
    : QObject(parent),
      registry_(registry),
      pipeline_(std::make_unique<Pipeline>(registry)),
      worker_(std::make_unique<Worker>()) {
  qRegisterMetaType<ds::ui::StepFrame>();
  qRegisterMetaType<std::shared_ptr<const ds::PipelineResult>>();
  qRegisterMetaType<std::shared_ptr<const ds::PipelineInput>>();
}

PipelineRunner::~PipelineRunner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.reset();
    cancel_.cancel();
  }
  worker_.reset();  // joins
}

bool PipelineRunner::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_;
}

void PipelineRunner::run(std::shared_ptr<const PipelineInput> input,
                         const PipelineOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_) {
    pending_ = Job{input, options};
    cancel_.cancel();
    return;
  }
  startLocked(Job{input, options});
}

void PipelineRunner::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.reset();
  cancel_.cancel();
}

void PipelineRunner::startLocked(Job job) {
  // The previous thread has finished its work (running_ was false); join it without blocking.
  if (worker_->thread.joinable()) worker_->thread.join();
  running_ = true;
  cancel_.reset();
  Q_EMIT started();
  worker_->thread = std::thread([this, job = std::move(job)]() mutable { work(std::move(job)); });
}

void PipelineRunner::work(Job job) {
  SignalProgress progress(this);
  const PreviewSink previews = [this](const StagePreview& p) {
    Q_EMIT stepArrived(StepFrame{QString::fromStdString(p.stage), p.step, p.steps,
                                 std::make_shared<const DepthMap>(p.depth)});
  };
  try {
    auto result = pipeline_->run(*job.input, job.options, progress, cancel_, previews);
    Q_EMIT finished(result, job.input);
  } catch (const Cancelled&) {
    Q_EMIT cancelled();
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  }
  // Start what was queued meanwhile, from this thread: the new thread is started by
  // startLocked after this one is detached from worker_ (it finishes right after).
  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
  if (pending_) {
    Job next = std::move(*pending_);
    pending_.reset();
    worker_->thread.detach();
    startLocked(std::move(next));
  }
}

}  // namespace ds::ui
