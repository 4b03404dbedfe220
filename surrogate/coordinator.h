// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "surrogate/output_state.h"
#include "surrogate/run_setup.h"

namespace sextant {

/// Sample evaluations on other processes (MPI ranks), as the coordinator sees them.
class RemoteWorkers {
 public:
  virtual ~RemoteWorkers() = default;
  /// Handles every waiting message without blocking: a returned row goes to on_row,
  /// and each request for work is answered with next() (nullopt = stop). Returns true
  /// when it handled anything.
  virtual bool service(const std::function<std::optional<std::int64_t>()>& next,
                       const std::function<void(const std::string& line)>& on_row) = 0;
  /// True once every worker has finished and said so.
  virtual bool all_finished() const = 0;
};

/// Runs every unfinished sample: `jobs` at a time here and whatever the remote workers
/// ask for, in sample order; journals the rows finished in each round of the loop with one
/// fdatasync (group commit), rebuilds the .h5 at most every max(refresh_s, 9 x the last
/// rebuild's time) (refresh_s = 0: after every round) and a last time at the end. Sleeps
/// (1-20 ms, doubling) when nothing happened, so it never busy-spins.
void run_coordinator(const DatagenOptions& options, const RunSetup& setup, OutputState& output,
                     RemoteWorkers* remote);

}  // namespace sextant
