// SPDX-License-Identifier: Apache-2.0
#pragma once
// The mapping spaces of an op on an arch (docs/mapping.md, "The mapping space"):
// - MappingSpace: every mapping this hardware template distinguishes (spatial factors,
//   stream, fold and DRAM factors per dim, DRAM loop order, double buffering), with its
//   size and uniform valid draws (datagen's `random` policy, --mapping-space-size);
// - TilingSpace: its subspace on the default mapper's template, which the mapping search
//   (--mapper best-*, datagen's `best` policy) walks with neighbours for hill-climbing.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/mapping_validity.h"
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

/// One point of the tiling space: what the mapping search may choose for one op. The rest of the
/// mapping follows the default mapper's template (spatial fan-out of the dataflow, folds
/// in the innermost buffer, the tile's stream dims streamed whole per fold).
struct MappingPoint {
  DimArray tile{};                   ///< DRAM-level tile extent per dim
  std::array<Dim, kNumDims> order{}; ///< DRAM loop order, innermost first
  std::uint32_t double_buffer = 0;   ///< bit b: buffer b holds two slots
};

/// The tiling space of one op on one arch: the subspace of the mapping space that the
/// default mapper's template spans (workloads/mapping_template.h): DRAM tile extents
/// (multiples of the spatial fan-out, or the whole dim), DRAM loop orders and double
/// buffering per buffer; spatial placement and folds are the template's. It can
/// enumerate small spaces, sample large ones uniformly per coordinate (seeded by the
/// caller's generator), list a point's neighbours for local refinement, and turn a point
/// into a Mapping. Points may be invalid (tiles too large): check_mapping() says why.
class TilingSpace {
 public:
  TilingSpace(const Op& op, const ArchConfig& arch);

  /// Number of tile choices of a dim: ceil(dim / fan-out).
  std::int64_t tile_choices(Dim dim) const;
  /// The extent of a dim's tile choice `index` (0 = one fan-out, last = the whole dim).
  std::int64_t tile_extent(Dim dim, std::int64_t index) const;
  /// Points in the space (saturates at UINT64_MAX): tile choices x orders of the looping
  /// dims (bounded by 8!) x double-buffer choices.
  std::uint64_t size() const;

  MappingPoint random_point(std::mt19937_64& rng) const;
  /// Neighbours: one dim's tile one choice larger or smaller, two adjacent DRAM loops
  /// swapped, one buffer's double buffering toggled.
  std::vector<MappingPoint> neighbours(const MappingPoint& point) const;
  /// Calls visit(point) for every tile choice and double-buffer choice, with the DRAM
  /// loop order `order_for(tile)` picks (enumerating orders too would multiply by 8!).
  template <typename Visit, typename OrderFor>
  void for_each_tile(Visit&& visit, OrderFor&& order_for) const;

  /// Whether the point's mapping is valid: its tiles fit the buffers (tiles_fit()). Every
  /// other condition of check_mapping() holds by construction; equal to
  /// check_mapping(op, to_mapping(point), arch).ok (tested), at a fraction of its cost.
  bool is_valid(const MappingPoint& point) const;

  /// The Mapping of a point (levels as in default_mapping()).
  Mapping to_mapping(const MappingPoint& point) const;
  /// Rewrites an existing mapping of this op into `mapping` for `point`, reusing its storage
  /// (the hot path of a search: no allocation once `mapping` has its levels).
  void fill_mapping(const MappingPoint& point, Mapping& mapping) const;

  const DimArray& fan_out() const { return m_unit; }

 private:
  const Op& m_op;
  const ArchConfig& m_arch;
  DataflowRoles m_roles;
  DimArray m_rows = ones();
  DimArray m_cols = ones();
  DimArray m_unit = ones();
};

template <typename Visit, typename OrderFor>
void TilingSpace::for_each_tile(Visit&& visit, OrderFor&& order_for) const {
  std::array<std::int64_t, kNumDims> index{};
  const std::uint32_t db_choices = 1u << m_arch.buffers.size();
  while (true) {
    MappingPoint point;
    for (Dim d : kAllDims) at(point.tile, d) = tile_extent(d, index[static_cast<std::size_t>(d)]);
    point.order = order_for(point.tile);
    for (std::uint32_t db = 0; db < db_choices; ++db) {
      point.double_buffer = db;
      visit(point);
    }
    int d = 0;
    for (; d < kNumDims; ++d) {
      if (++index[static_cast<std::size_t>(d)] < tile_choices(static_cast<Dim>(d))) break;
      index[static_cast<std::size_t>(d)] = 0;
    }
    if (d == kNumDims) return;
  }
}

}  // namespace sextant
