// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/ppa/tech_table.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"

namespace sextant {

/// Most buffers the prepared model prices without allocating.
inline constexpr int kMaxPpaBuffers = 8;

/// What PPA needs from either fidelity: the op's MACs, its latency and its bytes per
/// storage level (DRAM and each arch buffer, index as in ArchConfig::buffers).
struct AccessCounts {
  std::uint64_t macs = 0;
  std::uint64_t vector_element_ops = 0;  ///< elements the vector unit processed
  std::uint64_t latency_cycles = 0;
  std::uint64_t dram_read_bytes = 0;
  std::uint64_t dram_write_bytes = 0;
  std::array<std::uint64_t, kMaxPpaBuffers> buffer_read_bytes{};
  std::array<std::uint64_t, kMaxPpaBuffers> buffer_write_bytes{};
  /// DRAM commands issued (the DRAM model's counts); without them (analytical, fixed
  /// memory) the commands are estimated from the bytes (docs/ppa.md).
  bool dram_commands_known = false;
  std::uint64_t dram_activates = 0;
  std::uint64_t dram_reads = 0;   ///< read bursts
  std::uint64_t dram_writes = 0;  ///< write bursts
  std::uint64_t dram_refreshes = 0;
  std::uint64_t llc_read_bytes = 0;   ///< read out of the LLC's data array
  std::uint64_t llc_write_bytes = 0;  ///< written into it
  std::uint64_t l2_read_bytes = 0;    ///< the same for memory.l2
  std::uint64_t l2_write_bytes = 0;
};

/// Energy by component of one op instance (pJ) and what follows from it.
struct PpaEstimate {
  double mac_pj = 0.0;
  double register_pj = 0.0;
  std::array<double, kMaxPpaBuffers> buffer_pj{};
  double vector_unit_pj = 0.0;  ///< vector_element_ops x the MAC energy (an assumption, see ppa.md)
  double noc_pj = 0.0;          ///< single core: no NoC yet
  double llc_pj = 0.0;          ///< last-level cache data array (0 without memory.llc)
  double l2_pj = 0.0;           ///< memory.l2's data array (0 without it)
  double dram_pj = 0.0;         ///< accesses, activations and background power
  double leakage_pj = 0.0;      ///< static power of the whole chip area over the latency
  double overhead_pj = 0.0;     ///< clock tree and control, a fraction of on-chip dynamic energy
  double energy_pj = 0.0;       ///< sum of the above
  double latency_ns = 0.0;
  double power_mw = 0.0;        ///< energy / latency (pJ/ns = mW)
  double edp_pj_cycles = 0.0;   ///< energy x latency in cycles
};

/// Per-access and per-area coefficients of one arch in one technology, computed once so
/// that pricing an op is a handful of multiply-adds.
struct PpaModel {
  std::string tech;
  std::string dram_standard;
  double cycle_ns = 1.0;
  int buffer_count = 0;
  std::vector<std::string> buffer_names;
  double mac_pj = 0.0;       ///< per MAC
  double register_pj = 0.0;  ///< per MAC: operand and partial-sum register writes in the PEs
  std::array<double, kMaxPpaBuffers> read_pj_per_byte{};
  std::array<double, kMaxPpaBuffers> write_pj_per_byte{};
  double dram_read_pj_per_byte = 0.0;
  double dram_write_pj_per_byte = 0.0;
  double dram_activate_pj_per_byte = 0.0;
  double dram_background_mw = 0.0;
  /// Energy per command from the DRAM preset's IDD currents (memory.model dram with power
  /// data); otherwise the per-byte figures above price DRAM.
  bool dram_per_command = false;
  double dram_activate_pj = 0.0;      ///< one ACT and its PRE
  double dram_read_burst_pj = 0.0;
  double dram_write_burst_pj = 0.0;
  double dram_refresh_pj = 0.0;       ///< one all-bank REF of one rank
  double dram_burst_bytes = 64.0;
  double dram_refreshes_per_ns = 0.0; ///< all ranks and channels (estimate without counts)
  // Last-level cache (memory.llc, not with ideal memory).
  bool has_llc = false;
  double llc_read_pj_per_byte = 0.0;
  double llc_write_pj_per_byte = 0.0;
  double llc_mm2 = 0.0;
  // The cache in front of it (memory.l2), priced the same way.
  bool has_l2 = false;
  double l2_read_pj_per_byte = 0.0;
  double l2_write_pj_per_byte = 0.0;
  double l2_mm2 = 0.0;
  double leakage_mw = 0.0;   ///< whole chip
  double overhead_fraction = 0.0;
  // Areas (mm2).
  double pe_array_mm2 = 0.0;
  std::array<double, kMaxPpaBuffers> buffer_mm2{};
  double overhead_mm2 = 0.0;
  double area_mm2 = 0.0;     ///< total
};

/// Row-buffer hit rate assumed when DRAM commands are estimated from bytes (analytical
/// fidelity): docs/ppa.md gives where it comes from.
inline constexpr double kAssumedDramRowHitRate = 0.97;

/// Prepares the coefficients of `arch` priced with `tech` (DRAM: the table's default
/// standard until the arch names one). Throws ConfigError for more than kMaxPpaBuffers buffers.
PpaModel prepare_ppa(const ArchConfig& arch, const TechTable& tech);
/// prepare_ppa with the table the arch names (arch.tech).
PpaModel prepare_ppa(const ArchConfig& arch);

/// Prices one op instance.
PpaEstimate evaluate_ppa(const PpaModel& model, const AccessCounts& counts);

/// Counts of an OpResult (either fidelity) in AccessCounts form.
AccessCounts access_counts(const PpaModel& model, const OpResult& op);

/// Fills energy, breakdowns, area, power and EDP of every op and of the total.
void apply_ppa(const PpaModel& model, Result& result);

}  // namespace sextant
