// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "workloads/network.h"

namespace sextant {

/// Which format a workload file is in.
enum class WorkloadFormat { kSextantNetwork, kScaleSimTopology, kTimeloopProblem };

/// Reads a workload file of any supported kind, told apart by extension and top-level keys:
/// `.csv` is a SCALE-Sim topology; a YAML file with a top-level `problem:` is a Timeloop
/// problem; any other YAML is a Sextant network. Throws ConfigError.
Network load_any_workload(const std::string& path, WorkloadFormat* format = nullptr);

}  // namespace sextant
