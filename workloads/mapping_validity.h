// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <string>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/op.h"

namespace sextant {

/// Whether a mapping can run, and if not, why (Timeloop's fail_reason style).
struct Validity {
  bool ok = true;
  std::string reason;
  static Validity valid() { return {}; }
  static Validity invalid(std::string why) { return {false, std::move(why)}; }
};

/// Checks: levels are the arch's; factors cover every dim without empty outer
/// iterations; spatial factors fit the array and suit the dataflow; the register-level
/// (stream) factors suit the dataflow; grouped tiles keep channels contiguous; every
/// buffer holds its tensors' tiles (twice when double buffered).
Validity check_mapping(const Op& op, const Mapping& mapping, const ArchConfig& arch);

/// check_mapping() with everything that depends only on (op, arch) prepared once (level
/// names, dataflow roles, array size, keep sets, tensor sizes): what a search or datagen
/// pays for every mapping of one op. holds() gives check_mapping()'s verdict exactly
/// (tested on every ResNet-50 default mapping and thousands of random mappings of several
/// presets) without building a string or allocating; check() spells the reason out, by
/// check_mapping() itself, only when the mapping fails. A mapping split across cores goes
/// to check_mapping() whole. Keeps references to op and arch: both must outlive it.
class PreparedCheck {
 public:
  PreparedCheck(const Op& op, const ArchConfig& arch);

  /// check_mapping(op, mapping, arch).ok
  bool holds(const Mapping& mapping) const;
  /// check_mapping(op, mapping, arch), reason included
  Validity check(const Mapping& mapping) const;

 private:
  /// Coverage's verdict; kUndecided when an extent would overflow, where
  /// check_mapping()'s saturating arithmetic decides.
  enum class Verdict { kHolds, kFails, kUndecided };

  /// The spatial fan-out's part of check_factors_and_permutations(), check_spatial();
  /// sets the spatial level and which dims the rows and columns take.
  bool fan_out_fits(const Mapping& mapping, int& spatial_index, unsigned& on_rows, unsigned& on_cols) const;
  /// check_levels(), the temporal part of check_factors_and_permutations(), check_stream(),
  /// check_keep() and check_coverage() in one walk over the levels: false when one of the
  /// former fails, else coverage's verdict in `covered`.
  bool levels_hold(const Mapping& mapping, int spatial_index, unsigned on_rows, unsigned on_cols, Verdict& covered,
                   DimArray& dram_extent) const;
  bool tiles_fit_the_buffers(const Mapping& mapping, const DimArray& dram_extent) const;

  const Op& m_op;
  const ArchConfig& m_arch;
  std::vector<std::string> m_level_names;  ///< DRAM, the arch's buffers, Registers
  unsigned m_row_dims = 0;     ///< bit d: dim d may go on PE rows
  unsigned m_col_dims = 0;     ///< bit d: dim d may go on PE columns
  unsigned m_stream_dims = 0;  ///< bit d: dim d may stream through the array
  TensorSet m_all_tensors;
  std::int64_t m_operand_bytes = 1;
  std::int64_t m_accumulator_bytes = 4;
  std::array<std::uint64_t, kNumDims> m_extent{};  ///< the op's dims
  bool m_small = false;  ///< dims in [1, 2^31) and rows x cols below 2^31: coverage in plain arithmetic
};

/// Bytes a buffer needs for one tile of each tensor it holds (one slot, no double buffer).
std::uint64_t tile_bytes(const Op& op, const Mapping& mapping, const ArchConfig& arch,
                         TensorKind tensor);

/// The same bytes for DRAM-level tile extents given directly (already clipped to the op).
std::uint64_t tile_bytes(const Op& op, const DimArray& tile, const ArchConfig& arch, TensorKind tensor);

/// Whether DRAM-level tiles of these extents (clipped to the op) fit every buffer, with
/// two slots in buffer b when bit b of `double_buffer` is set, and keep grouped channels
/// contiguous. These are the only checks of check_mapping() that a mapping built on the
/// default mapper's template (TilingSpace points, the mapper's own candidates) can fail,
/// so such a mapping is valid iff this holds (tested against check_mapping()).
bool tiles_fit(const Op& op, const DimArray& tile, std::uint32_t double_buffer, const ArchConfig& arch);

/// Roles of dims on the PE array for a dataflow: which dims may go on rows, on columns,
/// and stream through (register-level temporal), and which tensor stays in the PEs.
struct DataflowRoles {
  bool row_dim[kNumDims];
  bool col_dim[kNumDims];
  bool stream_dim[kNumDims];
  TensorKind stationary;
};
DataflowRoles dataflow_roles(Dataflow dataflow);

/// Whether a dim indexes a tensor (R,S,P,Q all index inputs through the sliding window).
/// Inline: the analytical model asks it for every DRAM loop of every evaluated mapping;
/// constexpr: it builds its table of it at compile time.
constexpr bool dim_relevant(TensorKind tensor, Dim dim) {
  switch (tensor) {
    case TensorKind::kInputs:
      return dim != Dim::K;
    case TensorKind::kWeights:
      return dim == Dim::G || dim == Dim::C || dim == Dim::K || dim == Dim::R || dim == Dim::S;
    case TensorKind::kOutputs:
      return dim == Dim::G || dim == Dim::N || dim == Dim::K || dim == Dim::P || dim == Dim::Q;
  }
  return true;
}

}  // namespace sextant
