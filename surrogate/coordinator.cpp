// SPDX-License-Identifier: Apache-2.0
#include "surrogate/coordinator.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <list>
#include <stdexcept>
#include <thread>

#include "surrogate/row_codec.h"

namespace sextant {

void run_coordinator(const DatagenOptions& options, const RunSetup& setup, OutputState& output,
                     RemoteWorkers* remote) {
  std::deque<std::int64_t> queue;
  for (const Row& row : output.rows) {
    if (std::get<std::int64_t>(row.cells[1]) < 0) queue.push_back(row.sample);
  }
  const auto total = static_cast<std::int64_t>(output.rows.size());
  Progress progress(options.progress, total, output.finished);
  auto last_refresh = std::chrono::steady_clock::now();
  double refresh_cost_s = 0.0;  // wall time of the last .h5 rebuild
  bool dirty = false;
  bool unsynced = false;
  const auto rebuild = [&] {
    const auto start = std::chrono::steady_clock::now();
    write_dataset_file(options.out_path, setup.info, setup.columns, output.rows);
    last_refresh = std::chrono::steady_clock::now();
    refresh_cost_s = std::chrono::duration<double>(last_refresh - start).count();
    dirty = false;
  };

  // `line` is the row's journal line when it came encoded from a worker (written as is).
  const auto record = [&](Row row, const std::string* line) {
    const auto index = static_cast<std::size_t>(row.sample);
    if (row.sample < 0 || row.sample >= total || std::get<std::int64_t>(output.rows[index].cells[1]) >= 0) {
      throw std::runtime_error("datagen: a worker returned sample " + std::to_string(row.sample) +
                               ", which is out of range or already finished");
    }
    output.journal->write_line(line != nullptr ? *line : encode_row(row));
    output.rows[index] = std::move(row);
    ++output.finished;
    unsynced = true;
    progress.update(output.finished);
  };
  const auto next = [&]() -> std::optional<std::int64_t> {
    if (queue.empty()) return std::nullopt;
    const std::int64_t index = queue.front();
    queue.pop_front();
    return index;
  };

  std::list<SampleRun> running;
  auto pause = std::chrono::microseconds(1000);
  while (output.finished < total || (remote != nullptr && !remote->all_finished())) {
    bool progressed = false;
    while (static_cast<int>(running.size()) < options.jobs) {
      const std::optional<std::int64_t> index = next();
      if (!index) break;
      running.emplace_back(setup.context, *index);
      progressed = true;
    }
    for (auto it = running.begin(); it != running.end();) {
      if (it->poll()) {
        record(it->row(), nullptr);
        it = running.erase(it);
        progressed = true;
      } else {
        ++it;
      }
    }
    if (remote != nullptr) {
      progressed = remote->service(next, [&](const std::string& line) {
        Row row;
        if (!decode_row(line, setup.columns, row)) throw std::runtime_error("datagen: a worker sent a malformed row");
        record(std::move(row), &line);
      }) || progressed;
    }
    if (unsynced) {
      // One fdatasync for every row of this round (group commit): at scale, rows arrive
      // faster than one sync each would allow.
      output.journal->sync();
      unsynced = false;
      dirty = true;
    }
    // A rebuild costs O(N): space rebuilds so they take at most a tenth of the time
    // (unless asked for after every round with --refresh-s 0).
    const double since_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_refresh).count();
    const bool due = options.refresh_s == 0.0 || since_s >= std::max(options.refresh_s, 9.0 * refresh_cost_s);
    if (dirty && due) rebuild();
    if (progressed) {
      pause = std::chrono::microseconds(1000);
    } else {
      // Nothing finished and nobody asked: wait a little (children and MPI are polled).
      std::this_thread::sleep_for(pause);
      if (pause < std::chrono::milliseconds(4)) pause *= 2;  // at most ~250 idle wake-ups/s
    }
  }
  rebuild();
  progress.finish(output.finished);
}

}  // namespace sextant
