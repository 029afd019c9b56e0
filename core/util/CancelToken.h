#pragma once
// Cooperative cancellation: long work checks the token between steps; the GUI or a signal handler
// flips it from another thread.
#include <atomic>
#include <stdexcept>

namespace ds {

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

class CancelToken {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  void reset() { cancelled_.store(false, std::memory_order_relaxed); }
  bool isCancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void throwIfCancelled() const {
    if (isCancelled()) throw Cancelled();
  }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace ds
