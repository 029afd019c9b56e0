#pragma once
// Progress on stderr for anything that runs longer than a second: a single updating line on a
// terminal, a line every few seconds when stderr is a file or pipe (logs stay readable).
#include <mutex>

#include "core/util/ProgressSink.h"
#include "core/util/Stopwatch.h"

namespace ds::cli {

class ConsoleProgress final : public ProgressSink {
 public:
  explicit ConsoleProgress(bool quiet = false);
  ~ConsoleProgress() override;
  void report(const Progress& progress) override;
  // Ends the updating line (call before printing results).
  void finish();

 private:
  std::mutex mutex_;
  Stopwatch sinceStart_;
  double lastPrintMs_ = -1e9;
  bool quiet_, tty_, lineOpen_ = false;
};

}  // namespace ds::cli
