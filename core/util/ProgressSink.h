#pragma once
// Progress of long work: a fraction of the whole plus the stage and step it is in. Sinks must be
// cheap and thread-safe enough to be called from the worker thread.
#include <string>

namespace ds {

struct Progress {
  double fraction = 0.0;  // 0..1 of the whole job
  std::string stage;      // "base", "stereo", "eval", ...
  int step = 0;           // 1-based step inside the stage, 0 when the stage has no steps
  int steps = 0;          // number of steps in the stage
  std::string message;    // short human-readable detail, may be empty
};

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void report(const Progress& progress) = 0;
};

class NullProgress final : public ProgressSink {
 public:
  void report(const Progress&) override {}
};

// Maps a sub-job's 0..1 into [begin, end] of a parent job, so stages can report their own fraction.
class SubProgress final : public ProgressSink {
 public:
  SubProgress(ProgressSink& parent, double begin, double end)
      : parent_(parent), begin_(begin), end_(end) {}
  void report(const Progress& p) override {
    Progress mapped = p;
    mapped.fraction = begin_ + (end_ - begin_) * p.fraction;
    parent_.report(mapped);
  }

 private:
  ProgressSink& parent_;
  double begin_, end_;
};

}  // namespace ds
