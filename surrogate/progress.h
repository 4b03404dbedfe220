// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>

namespace sextant {

enum class ProgressMode { kAuto, kAlways, kNever };

/// Progress of a run on stderr: a redrawn bar with rate and ETA on a terminal
/// (`always`, or `auto` when stderr is a TTY), else a plain line every 10 s (`auto`
/// off a terminal), or nothing (`never`). The rate counts this run's samples only, so a
/// resumed run's ETA is not skewed by the samples it found done.
class Progress {
 public:
  Progress(ProgressMode mode, std::int64_t total, std::int64_t already_done);
  /// Called after each finished sample; draws at most every 0.2 s (bar) or 10 s (lines).
  void update(std::int64_t done);
  /// Final line.
  void finish(std::int64_t done);

 private:
  void draw(std::int64_t done, bool final_line);

  bool m_enabled = false;
  bool m_bar = false;
  std::int64_t m_total;
  std::int64_t m_start_done;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
};

}  // namespace sextant
