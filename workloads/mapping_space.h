// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/mapping_validity.h"
#include "workloads/op.h"

namespace sextant {

/// One point of the mapping space: what a search may choose for one op. The rest of the
/// mapping follows the default mapper's template (spatial fan-out of the dataflow, folds
/// in the innermost buffer, the tile's stream dims streamed whole per fold).
struct MappingPoint {
  DimArray tile{};                   ///< DRAM-level tile extent per dim
  std::array<Dim, kNumDims> order{}; ///< DRAM loop order, innermost first
  std::uint32_t double_buffer = 0;   ///< bit b: buffer b holds two slots
};

/// The mapping space of one op on one arch: tile extents (multiples of the spatial
/// fan-out, or the whole dim), DRAM loop orders and double buffering per buffer. It can
/// enumerate small spaces, sample large ones uniformly per coordinate (seeded by the
/// caller's generator), list a point's neighbours for local refinement, and turn a point
/// into a Mapping. Points may be invalid (tiles too large): check_mapping() says why.
class MappingSpace {
 public:
  MappingSpace(const Op& op, const ArchConfig& arch);

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
void MappingSpace::for_each_tile(Visit&& visit, OrderFor&& order_for) const {
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
