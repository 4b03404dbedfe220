// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/op.h"

namespace sextant {

/// Which choices the mapping space offers (docs/mapping.md, "The mapping space").
struct MappingSpaceOptions {
  /// Factors that overshoot a dim (edge tiles), not only exact divisor chains.
  bool imperfect_factors = true;
  /// Each buffer level may double-buffer; false: never.
  bool double_buffering = true;
};

/// One dim's factors, innermost first: Registers (stream), spatial (rows or columns, as the
/// dataflow assigns the dim), innermost buffer, DRAM. The DRAM factor is the one that covers
/// the dim: ceil(dim / (stream * spatial * buffer)).
struct DimChain {
  std::int64_t stream = 1;
  std::int64_t spatial = 1;
  std::int64_t buffer = 1;
  std::int64_t dram = 1;
};

/// A point of the space before validity: a chain per dim, the DRAM loop order of the dims
/// whose DRAM factor exceeds 1 (innermost first), and a double-buffer flag per buffer.
struct MappingChoice {
  std::array<DimChain, kNumDims> chains;
  std::vector<Dim> dram_order;
  std::vector<bool> double_buffer;  ///< per ArchConfig::buffers entry
};

/// The space of mappings of one op on one arch that this hardware template distinguishes
/// (it keeps its own copies of both).
/// A candidate is a MappingChoice; it is a mapping of the space when check_mapping accepts
/// it. On-chip levels other than the innermost buffer get factors 1 and the innermost
/// buffer's fold order is fixed (reductions innermost): in this template they change no
/// data movement (docs/architecture.md, "Mapping levels").
///
/// Ask/tell friendly: sample() draws a uniform valid mapping from the caller's generator,
/// so a search asks for points and keeps its own record of their costs.
class MappingSpace {
 public:
  MappingSpace(const Op& op, const ArchConfig& arch, MappingSpaceOptions options = {});

  /// Candidates before the validity check: sum over chain tuples of (orders x buffer
  /// flags). An upper bound on the valid mappings; double because it can exceed 2^64.
  double candidate_count() const;

  /// Exact number of valid mappings, by enumeration; nullopt when the spatially feasible
  /// chain tuples exceed max_tuples (then use estimate_valid_count()).
  std::optional<std::uint64_t> count_valid(std::uint64_t max_tuples = 2'000'000) const;

  /// Valid mappings estimated as candidate_count() x the accepted fraction of `samples`
  /// uniform candidates.
  double estimate_valid_count(std::uint64_t samples, std::uint64_t seed) const;

  /// A uniform random valid mapping (rejection from uniform candidates). Throws ConfigError
  /// at the op's location when none is found in max_tries candidates.
  Mapping sample(std::mt19937_64& random, std::uint64_t max_tries = 1'000'000) const;

  /// A uniform random candidate (may be invalid).
  MappingChoice sample_candidate(std::mt19937_64& random) const;

  /// The Mapping a choice stands for (check it with check_mapping).
  Mapping to_mapping(const MappingChoice& choice) const;

  /// The chains a dim may take, split by whether the DRAM factor exceeds 1.
  const std::vector<DimChain>& chains(Dim dim, bool dram_loop) const;

 private:
  // Weight of the candidates with exactly k DRAM loops, for sampling k proportionally.
  void build_order_weights();

  Op m_op;
  ArchConfig m_arch;
  MappingSpaceOptions m_options;
  std::array<std::vector<DimChain>, kNumDims> m_with_dram_loop;
  std::array<std::vector<DimChain>, kNumDims> m_without_dram_loop;
  /// m_tuples[i][k]: chain tuples of dims i.. (i = 0..8) with k DRAM loops among them.
  std::vector<std::vector<double>> m_tuples;
  std::vector<double> m_k_weight;  ///< tuples with k DRAM loops x k! (orders)
  int m_buffer_flags = 0;          ///< buffers whose double-buffer flag is free
};

}  // namespace sextant
