// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "models/accelerator/simulation.h"
#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/network.h"

namespace sextant::testing_support {

/// A 4x4 array with one buffer per tensor, banks wide enough never to slow the array,
/// no issue cost: the configuration in which cycles must equal the systolic formula.
std::string small_arch_yaml(const std::string& dataflow, bool fold_overlap, const std::string& memory_model);

/// Parses an arch YAML text (with optional overrides).
ArchConfig arch_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides = {});

/// A network with one op.
Network single_op_network(const Op& op);

/// Parses a single-op mapping YAML (`mapping:` list) for arch.
Mapping mapping_from_yaml(const std::string& yaml, const ArchConfig& arch);

/// Runs one simulation in this process (once per process).
Result run_one(const ArchConfig& arch, const Op& op, const Mapping& mapping, bool functional,
               ProgramMutator mutator = nullptr);

}  // namespace sextant::testing_support
