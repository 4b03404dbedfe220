// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "surrogate/dataset_file.h"
#include "surrogate/dataset_schema.h"
#include "surrogate/journal.h"
#include "surrogate/progress.h"
#include "surrogate/sample_plan.h"
#include "surrogate/sample_run.h"

namespace sextant {

/// sextant-datagen's options (see its --help and docs/dataset.md).
struct DatagenOptions {
  std::string space_path;
  std::int64_t samples = 0;
  std::string out_path;
  int jobs = 1;                  ///< sample evaluations in flight per process
  std::uint64_t seed = 1;
  std::string fidelity;          ///< "", "tlm", "analytical" or "both" ("" = the space's)
  double timeout_s = 600.0;      ///< wall-clock limit per evaluation, s
  bool resume = false;
  ProgressMode progress = ProgressMode::kAuto;
  double refresh_s = 10.0;       ///< rebuild the .h5 from the journal at most this often, s (0 = whenever samples finished)
  std::string sim_path;          ///< the sextant-sim worker executable
  std::string temp_root = "/tmp";
};

/// What every process builds identically from the options. Not movable: the plan and
/// the context point into it.
struct RunSetup {
  DesignSpace space;
  std::vector<Column> columns;
  std::unique_ptr<SamplePlan> plan;
  SampleContext context;
  DatasetInfo info;

  RunSetup() = default;
  RunSetup(const RunSetup&) = delete;
  RunSetup& operator=(const RunSetup&) = delete;
};

/// Loads the space and resolves the fidelities. With check_tools, also checks that the
/// worker executable offers every requested fidelity (analytical needs `sextant-sim
/// --fidelity analytical`). Throws ConfigError on bad input.
std::unique_ptr<RunSetup> make_run_setup(const DatagenOptions& options, bool check_tools);

/// The coordinator's output side: the journal (source of truth) and one row per sample.
struct OutputState {
  std::unique_ptr<Journal> journal;
  std::vector<Row> rows;        ///< all samples; unfinished ones are pending rows
  std::int64_t finished = 0;
};

/// Creates (or with --resume, checks and reopens) the journal `<out>.journal` and the
/// dataset `<out>`, never overwriting finished data. Throws ConfigError (exit 2) for an
/// existing output without --resume, an unwritable folder, a foreign or corrupt file.
OutputState open_output(const DatagenOptions& options, const RunSetup& setup);

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
/// rebuild's time) (refresh_s = 0: after every round) and a last time at the end. Sleeps (1-20 ms) when nothing happened,
/// so it never busy-spins.
void run_coordinator(const DatagenOptions& options, const RunSetup& setup, OutputState& output,
                     RemoteWorkers* remote);

/// Where sextant-sim is: next to this executable, else in the build tree's models/.
std::string default_sim_path(const std::string& self_path);

}  // namespace sextant
