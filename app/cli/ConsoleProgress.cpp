#include "app/cli/ConsoleProgress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace ds::cli {

ConsoleProgress::ConsoleProgress(bool quiet) : quiet_(quiet), tty_(::isatty(STDERR_FILENO) != 0) {}

ConsoleProgress::~ConsoleProgress() {
  finish();
}

void ConsoleProgress::report(const Progress& p) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const double now = sinceStart_.elapsedMs();
  if (now < 1000.0) return;  // short jobs stay quiet
  if (now - lastPrintMs_ < (tty_ ? 100.0 : 2000.0) && p.fraction < 1.0) return;
  lastPrintMs_ = now;
  std::string line = "[" + std::to_string(int(p.fraction * 100.0 + 0.5)) + "%] " + p.stage;
  if (p.steps > 0) line += " step " + std::to_string(p.step) + "/" + std::to_string(p.steps);
  if (!p.message.empty()) line += ": " + p.message;
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    lineOpen_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void ConsoleProgress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (lineOpen_) std::fprintf(stderr, "\r\033[K");
  lineOpen_ = false;
}

}  // namespace ds::cli
