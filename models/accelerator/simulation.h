// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"
#include "workloads/inter_layer.h"
#include "workloads/mapping.h"
#include "workloads/network.h"
#include "workloads/program.h"

namespace sextant {

/// Changes a compiled program before it runs: fault injection for co-verification tests
/// (a corrupted program must be caught by functional checking).
using ProgramMutator = std::function<void(Program&)>;

/// One simulation: a design, a network and a valid mapping for each of its ops.
struct SimulationRequest {
  ArchConfig arch;
  Network network;
  std::vector<Mapping> mappings;  ///< one per network op, same order
  bool functional = false;        ///< carry real data and check it against the golden model
  std::uint64_t seed = 1;         ///< seeds the functional-mode operand values
  /// false: an op identical to an earlier one (same computation, mapping and inter-layer
  /// flags) reuses its result, and an op with `count` runs once; true: every instance runs.
  bool simulate_every_instance = false;
  /// Whether outputs go to DRAM or stay on chip for the next op (timing mode only).
  InterLayerPolicy inter_layer = InterLayerPolicy::kDram;
  ProgramMutator program_mutator; ///< tests only: applied to every compiled program
  /// 0: whole ops. N > 0: each single-core PE-array op whose outermost DRAM loop runs more
  /// than N times runs only its first N iterations, on the whole op's tensors (a prefix of
  /// its program, workloads/dram_prefix.h): how sextant-validate times long layers.
  std::int64_t dram_iterations = 0;
  /// When set, the Chrome trace-event JSON of the run is written here.
  std::ostream* trace_out = nullptr;
  /// Busy spans of a component closer than this merge into one trace event.
  std::uint64_t trace_granularity_cycles = 256;
};

/// Elaborates the accelerator, runs every op (each distinct op once; the total counts it
/// `count` times; ops identical to an earlier one reuse its result unless
/// simulate_every_instance) and returns the Result. Throws ConfigError when functional mode
/// is combined with outputs kept on chip. SystemC elaborates once per process: call this
/// at most once, from sc_main.
Result simulate(const SimulationRequest& request);

}  // namespace sextant
