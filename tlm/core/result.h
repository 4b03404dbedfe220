// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tlm/core/stats.h"

namespace sextant {

/// Bumped whenever a key of the JSON Result is added, renamed or removed.
inline constexpr int kResultSchemaVersion = 3;  // 2: energy, area, power, EDP; 3: vector_element_ops

/// Stall causes, the keys of OpResult::stall_cycles.
namespace stall {
inline constexpr const char* kDramBandwidth = "dram_bandwidth";  ///< waiting on memory
inline constexpr const char* kBankConflict = "bank_conflict";    ///< scratchpad bank/port busy
inline constexpr const char* kDependency = "dependency";  ///< PE array idle waiting for loads
inline constexpr const char* kIssue = "issue";            ///< command issue cost
inline constexpr const char* kNoc = "noc";                ///< transfers waiting in the NoC
}  // namespace stall

/// Outcome of functional checking (present only with --functional).
struct FunctionalCheck {
  std::uint64_t checked = 0;  ///< output elements compared with the golden model
  bool passed = true;
  double max_abs_error = 0.0;
};

/// Result of one op (per instance) or of a whole network (the total).
struct OpResult {
  std::string name;
  std::string type;          ///< op_kind_name() ("network" for the total)
  std::uint64_t count = 1;   ///< repeat count: the total sums count x per-instance values
  std::uint64_t latency_cycles = 0;
  double latency_ns = 0.0;
  std::uint64_t macs = 0;
  /// Elements the vector unit processed, summed over each vector op's passes
  /// (Op::vector_work(); 0 for PE-array ops, whose work is macs).
  std::uint64_t vector_element_ops = 0;
  double utilization = 0.0;  ///< macs / (latency_cycles x PEs), a fraction
  std::uint64_t commands = 0;
  std::uint64_t memory_requests = 0;
  std::map<std::string, std::uint64_t> bytes_read;     ///< keyed by storage level
  std::map<std::string, std::uint64_t> bytes_written;  ///< keyed by storage level
  std::map<std::string, std::uint64_t> stall_cycles;   ///< keyed by cause (stall::k...)
  std::map<std::string, std::uint64_t> busy_cycles;    ///< keyed by component
  // PPA (models/ppa), from the counts above and the arch's technology table.
  double energy_pj = 0.0;                               ///< sum of energy_breakdown_pj
  std::map<std::string, double> energy_breakdown_pj;    ///< mac, registers, each buffer, vector_unit, noc, dram, leakage, overhead
  double area_mm2 = 0.0;                                ///< the design's area (not scaled by count)
  std::map<std::string, double> area_breakdown_mm2;     ///< pe_array, each buffer, vector_unit, noc, overhead
  double power_mw = 0.0;                                ///< energy_pj / latency_ns (pJ/ns = mW)
  double edp_pj_cycles = 0.0;                           ///< energy_pj x latency_cycles
  std::optional<FunctionalCheck> functional;
  /// Non-empty when this op was not simulated because an identical earlier op was: the
  /// name of that op, whose figures these are (JSON key `result_of`).
  std::string result_of;
  std::vector<StatsGroup> stats;  ///< every component's statistics for this op
};

struct Provenance {
  std::string sextant_version;
  std::string arch_config_yaml;  ///< the effective arch config (dump_arch_config)
  std::string workload;          ///< workload file
  std::string mapping;           ///< mapping file or "default mapper"
  std::uint64_t seed = 0;
  std::string fidelity = "tlm";
};

struct Result {
  int schema_version = kResultSchemaVersion;
  Provenance provenance;
  OpResult total;
  std::vector<OpResult> ops;
};

/// Adds count x `op` into `total` (cycles, MACs, bytes, stalls, busy cycles), and
/// recomputes total utilization from pe_count.
void accumulate_into_total(OpResult& total, const OpResult& op, std::uint64_t pe_count);

/// Recomputes a total's power and EDP from its energy and latency (the network EDP is
/// (sum of energy) x (sum of latency), not a sum of per-op EDPs).
void finish_total_ppa(OpResult& total);

/// The JSON text of a Result (2-space indented).
std::string result_to_json(const Result& result);

}  // namespace sextant
