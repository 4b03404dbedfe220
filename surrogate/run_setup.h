// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "surrogate/dataset_file.h"
#include "surrogate/dataset_schema.h"
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

/// Where sextant-sim is: next to this executable, else in the build tree's models/.
std::string default_sim_path(const std::string& self_path);

}  // namespace sextant
