// SPDX-License-Identifier: Apache-2.0
#include "surrogate/progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace sextant {

namespace {
std::string duration_text(double seconds) {
  if (!(seconds >= 0.0) || seconds > 1e8) return "?";
  const auto total = static_cast<long long>(seconds + 0.5);
  char buffer[64];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", total / 3600, (total / 60) % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", total / 60, total % 60);
  }
  return buffer;
}
}  // namespace

Progress::Progress(ProgressMode mode, std::int64_t total, std::int64_t already_done)
    : m_total(total), m_start_done(already_done), m_start(std::chrono::steady_clock::now()), m_last_draw(m_start) {
  const bool tty = isatty(STDERR_FILENO) != 0;
  m_enabled = mode != ProgressMode::kNever;
  m_bar = mode == ProgressMode::kAlways || (mode == ProgressMode::kAuto && tty);
}

void Progress::update(std::int64_t done) {
  if (!m_enabled) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - m_last_draw).count();
  if (since < (m_bar ? 0.2 : 10.0)) return;
  m_last_draw = now;
  draw(done, false);
}

void Progress::finish(std::int64_t done) {
  if (!m_enabled) return;
  draw(done, true);
}

void Progress::draw(std::int64_t done, bool final_line) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(done - m_start_done) / elapsed : 0.0;
  const double eta = rate > 0.0 ? static_cast<double>(m_total - done) / rate : -1.0;
  const double fraction = m_total > 0 ? static_cast<double>(done) / static_cast<double>(m_total) : 1.0;
  char stats[160];
  std::snprintf(stats, sizeof stats, "%lld/%lld samples (%.1f%%), %.2f samples/s, %s %s",
                static_cast<long long>(done), static_cast<long long>(m_total), 100.0 * fraction, rate,
                final_line ? "elapsed" : "ETA", duration_text(final_line ? elapsed : eta).c_str());
  if (m_bar) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r[%s] %s\033[K%s", bar.c_str(), stats, final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "datagen: %s\n", stats);
  }
  std::fflush(stderr);
}

}  // namespace sextant
