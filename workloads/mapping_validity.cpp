// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping_validity.h"

#include "workloads/core_split.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "tlm/core/units.h"

namespace sextant {
namespace {

constexpr std::uint64_t kMaxBytes = std::numeric_limits<std::uint64_t>::max();

std::string letter(Dim dim) { return std::string(1, dim_letter(dim)); }

std::string dims_of(const bool (&flags)[kNumDims]) {
  std::string text;
  for (const Dim dim : kAllDims) {
    if (flags[static_cast<int>(dim)]) text += text.empty() ? letter(dim) : ", " + letter(dim);
  }
  return text.empty() ? "none" : text;
}

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? kMaxBytes : product;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return b > kMaxBytes - a ? kMaxBytes : a + b;
}

// "256 KiB" when the size is a round binary unit, else "262145 B".
std::string bytes_text(std::uint64_t bytes) {
  return bytes == kMaxBytes ? std::string("more than 2^64 B") : format_size_bytes(bytes);
}

// Whether a loop of `factor` iterations over tiles of `inner` starts its last iteration at
// or past `extent` (inner * (factor - 1) >= extent, without overflow).
bool empty_iteration(std::int64_t inner, std::int64_t factor, std::int64_t extent) {
  if (factor <= 1 || inner <= 0) return false;
  // (f - 1) > floor((extent - 1) / inner)  <=>  inner * (f - 1) >= extent, without the
  // division (this runs for every factor of every mapping a search checks).
  std::int64_t start = 0;
  return __builtin_mul_overflow(inner, factor - 1, &start) || start >= extent;
}

// Mapping::inner_extent(level, dim) for every level at once: one pass from the innermost
// level outwards and one lookup of the spatial level (this runs for every mapping a
// search evaluates). extents must hold mapping.levels.size() values.
std::int64_t multiply_saturating(std::int64_t a, std::int64_t b) {
  if (a <= 0 || b <= 0) return a * b;
  std::int64_t product = 0;
  // The overflow builtin instead of a division: this runs millions of times per second.
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::int64_t>::max() : product;
}

void inner_extents(const Mapping& mapping, int spatial_index, Dim dim, std::int64_t* extents) {
  const int count = static_cast<int>(mapping.levels.size());
  std::int64_t extent = 1;
  const std::int64_t spatial = multiply_saturating(at(mapping.spatial.rows, dim), at(mapping.spatial.cols, dim));
  for (int level = count - 1; level >= 0; --level) {
    std::int64_t value = extent;
    if (spatial_index >= level) value = multiply_saturating(value, spatial);
    extents[level] = value;
    extent = multiply_saturating(extent, at(mapping.levels[static_cast<std::size_t>(level)].temporal, dim));
  }
}

Validity check_levels(const Mapping& mapping, const ArchConfig& arch) {
  // Compared in place (this runs for every mapping a search evaluates); the names are
  // only spelled out for the message.
  const std::size_t count = arch.buffers.size() + 2;
  bool same = mapping.levels.size() == count && mapping.levels.front().target == "DRAM" &&
              mapping.levels.back().target == "Registers";
  for (std::size_t b = 0; same && b < arch.buffers.size(); ++b) same = mapping.levels[b + 1].target == arch.buffers[b].name;
  if (!same) {
    const std::vector<std::string> names = arch.storage_levels();
    std::string expected;
    for (const std::string& name : names) expected += expected.empty() ? name : ", " + name;
    std::string found;
    for (const LevelMapping& level : mapping.levels) {
      found += found.empty() ? level.target : ", " + level.target;
    }
    return Validity::invalid("the mapping's levels (" + (found.empty() ? "none" : found) +
                             ") are not the arch's storage levels (" + expected + ")");
  }
  return Validity::valid();
}

/// 1 << Dim for a dim letter, 0 for anything else: a table built at compile time (this
/// runs for every letter of every permutation of every evaluated mapping). The letters
/// are listed in Dim order (op.h).
constexpr std::array<unsigned char, 256> kDimBits = [] {
  std::array<unsigned char, 256> bits{};
  const char letters[kNumDims + 1] = "GNCKPQRS";
  for (int d = 0; d < kNumDims; ++d) bits[static_cast<unsigned char>(letters[d])] = static_cast<unsigned char>(1u << d);
  return bits;
}();
constexpr unsigned kEveryDim = (1u << kNumDims) - 1;

[[gnu::always_inline]] inline unsigned dim_bit(char letter) { return kDimBits[static_cast<unsigned char>(letter)]; }

/// Whether a permutation lists each dim exactly once: eight letters whose bits cover all
/// eight dims (then no letter repeats and none is foreign).
[[gnu::always_inline]] inline bool is_full_permutation(const std::string& permutation) {
  if (permutation.size() != static_cast<std::size_t>(kNumDims)) return false;
  unsigned seen = 0;
#pragma GCC unroll 8
  for (const char letter : permutation) seen |= dim_bit(letter);
  return seen == kEveryDim;
}

Validity check_factors_and_permutations(const Mapping& mapping) {
  for (const LevelMapping& level : mapping.levels) {
    for (const Dim dim : kAllDims) {
      if (at(level.temporal, dim) < 1) {
        return Validity::invalid("level " + level.target + " has temporal factor " +
                                 std::to_string(at(level.temporal, dim)) + " for dim " + letter(dim) +
                                 "; factors must be >= 1");
      }
    }
    if (!is_full_permutation(level.permutation)) {
      return Validity::invalid("level " + level.target + " has permutation '" + level.permutation +
                               "'; it must list each of the dims G, N, C, K, P, Q, R, S once");
    }
  }
  for (const Dim dim : kAllDims) {
    if (at(mapping.spatial.rows, dim) < 1 || at(mapping.spatial.cols, dim) < 1) {
      return Validity::invalid("the spatial factors of dim " + letter(dim) + " must be >= 1");
    }
  }
  const bool trivial_spatial = mapping.rows_used() == 1 && mapping.cols_used() == 1;
  if (!trivial_spatial && mapping.level(mapping.spatial.target) == nullptr) {
    return Validity::invalid("the spatial fan-out names target '" + mapping.spatial.target +
                             "', which is not a storage level of the mapping");
  }
  return Validity::valid();
}

Validity check_spatial(const Mapping& mapping, const ArchConfig& arch, const DataflowRoles& roles) {
  const char* dataflow = dataflow_name(arch.pe_array.dataflow);
  for (const Dim dim : kAllDims) {
    const int d = static_cast<int>(dim);
    if (at(mapping.spatial.rows, dim) > 1 && !roles.row_dim[d]) {
      return Validity::invalid("dim " + letter(dim) + " is mapped onto PE rows (factor " +
                               std::to_string(at(mapping.spatial.rows, dim)) + "), but the " +
                               dataflow + " dataflow allows only " + dims_of(roles.row_dim) +
                               " on rows");
    }
    if (at(mapping.spatial.cols, dim) > 1 && !roles.col_dim[d]) {
      return Validity::invalid("dim " + letter(dim) + " is mapped onto PE columns (factor " +
                               std::to_string(at(mapping.spatial.cols, dim)) + "), but the " +
                               dataflow + " dataflow allows only " + dims_of(roles.col_dim) +
                               " on columns");
    }
  }
  if (mapping.rows_used() > arch.pe_array.rows) {
    return Validity::invalid("the spatial row factors use " + std::to_string(mapping.rows_used()) +
                             " PE rows, but the array has " + std::to_string(arch.pe_array.rows));
  }
  if (mapping.cols_used() > arch.pe_array.cols) {
    return Validity::invalid("the spatial column factors use " + std::to_string(mapping.cols_used()) +
                             " PE columns, but the array has " + std::to_string(arch.pe_array.cols));
  }
  return Validity::valid();
}

Validity check_stream(const Mapping& mapping, const ArchConfig& arch, const DataflowRoles& roles) {
  const LevelMapping& registers = mapping.levels.back();
  for (const Dim dim : kAllDims) {
    if (at(registers.temporal, dim) > 1 && !roles.stream_dim[static_cast<int>(dim)]) {
      return Validity::invalid("level " + registers.target + " has temporal factor " +
                               std::to_string(at(registers.temporal, dim)) + " for dim " + letter(dim) +
                               ", but the " + dataflow_name(arch.pe_array.dataflow) +
                               " dataflow streams only " + dims_of(roles.stream_dim) +
                               " through the array");
    }
  }
  return Validity::valid();
}

// Every loop (each level's temporal loop, the row and the column fan-out) of factor f
// around an inner extent e must satisfy e * (f - 1) < dim: its last iteration starts
// inside the dim. Together with coverage this means no full tile has an empty iteration;
// only the edge tile at a level may end early (the compiler clips it).
//
// Also returns the DRAM-level tile extents (unclipped) it computed on the way, so that the
// group and capacity checks need not walk the levels again.
Validity check_coverage(const Op& op, const Mapping& mapping, DimArray& dram_extent) {
  const int spatial_index = mapping.spatial_level_index();
  const int level_count = static_cast<int>(mapping.levels.size());
  // On the stack for the usual few levels: this runs for every mapping a search evaluates.
  std::array<std::int64_t, 16> small{};
  std::vector<std::int64_t> large;
  if (level_count > static_cast<int>(small.size())) large.resize(static_cast<std::size_t>(level_count));
  std::int64_t* const inner_of = large.empty() ? small.data() : large.data();
  for (const Dim dim : kAllDims) {
    const std::int64_t extent = op.dim(dim);
    inner_extents(mapping, spatial_index, dim, inner_of);
    at(dram_extent, dim) = inner_of[0];
    std::int64_t total = inner_of[0];
    const std::int64_t outermost = at(mapping.levels.front().temporal, dim);
    total = total > std::numeric_limits<std::int64_t>::max() / outermost
                ? std::numeric_limits<std::int64_t>::max()
                : total * outermost;
    if (total < extent) {
      return Validity::invalid("the factors of dim " + letter(dim) + " multiply to " +
                               std::to_string(total) + ", less than its extent " +
                               std::to_string(extent));
    }
    for (int level = 0; level < level_count; ++level) {
      const std::int64_t factor = at(mapping.levels[static_cast<std::size_t>(level)].temporal, dim);
      const std::int64_t inner = inner_of[level];
      if (empty_iteration(inner, factor, extent)) {
        std::int64_t start = 0;  // huge factors overflow it: say so rather than wrap
        const std::string start_text =
            __builtin_mul_overflow(inner, factor - 1, &start) ? "beyond 2^63" : std::to_string(start);
        return Validity::invalid("level " + mapping.levels[static_cast<std::size_t>(level)].target +
                                 " iterates dim " + letter(dim) + " " + std::to_string(factor) +
                                 " times over tiles of " + std::to_string(inner) +
                                 ", so its last iteration starts at " + start_text +
                                 ", past the extent " + std::to_string(extent) + " (an empty iteration)");
      }
    }
    // Inside the spatial target's temporal loops: columns outside rows (Timeloop's X, Y).
    const std::int64_t rows = at(mapping.spatial.rows, dim);
    const std::int64_t cols = at(mapping.spatial.cols, dim);
    const std::int64_t inner = inner_of[spatial_index] / (rows * cols);
    if (empty_iteration(inner, rows, extent)) {
      return Validity::invalid("dim " + letter(dim) + " is spread over " + std::to_string(rows) +
                               " PE rows with " + std::to_string(inner) +
                               " each, more than its extent " + std::to_string(extent) +
                               " needs (a row would get nothing)");
    }
    if (empty_iteration(inner * rows, cols, extent)) {
      return Validity::invalid("dim " + letter(dim) + " is spread over " + std::to_string(cols) +
                               " PE columns with " + std::to_string(inner * rows) +
                               " each, more than its extent " + std::to_string(extent) +
                               " needs (a column would get nothing)");
    }
  }
  return Validity::valid();
}

/// `dram_extent`: every factor inside the DRAM level per dim (Mapping::inner_extent(0, d));
/// `spatial_index`: Mapping::spatial_level_index(), looked up once by the caller.
/// check_coverage()'s conditions in one pass per dim and without messages: what a search
/// pays for every mapping; check_coverage() runs only to explain a failure.
bool coverage_holds(const Op& op, const Mapping& mapping, int spatial_index, DimArray& dram_extent) {
  const int level_count = static_cast<int>(mapping.levels.size());
  for (const Dim dim : kAllDims) {
    const std::int64_t extent = op.dim(dim);
    const std::int64_t rows = at(mapping.spatial.rows, dim);
    const std::int64_t cols = at(mapping.spatial.cols, dim);
    const std::int64_t spatial = multiply_saturating(rows, cols);
    std::int64_t inner = 1;            // factors of the levels inside the current one
    std::int64_t at_level = 1;         // inner_extent(level, dim)
    std::int64_t at_spatial = 1;       // inner_extent(spatial_index, dim)
    for (int level = level_count - 1; level >= 0; --level) {
      at_level = spatial_index >= level ? multiply_saturating(inner, spatial) : inner;
      if (level == spatial_index) at_spatial = at_level;
      const std::int64_t factor = at(mapping.levels[static_cast<std::size_t>(level)].temporal, dim);
      if (empty_iteration(at_level, factor, extent)) return false;
      inner = multiply_saturating(inner, factor);
    }
    at(dram_extent, dim) = at_level;
    const std::int64_t outermost = at(mapping.levels.front().temporal, dim);
    if (multiply_saturating(at_level, outermost) < extent) return false;
    const std::int64_t per_pe = at_spatial / (rows * cols);
    if (empty_iteration(per_pe, rows, extent) || empty_iteration(per_pe * rows, cols, extent)) return false;
  }
  return true;
}

Validity check_groups(const Op& op, const DimArray& dram_extent) {
  if (at(dram_extent, Dim::G) <= 1) return Validity::valid();
  for (const Dim dim : {Dim::C, Dim::K}) {
    if (at(dram_extent, dim) < op.dim(dim)) {
      return Validity::invalid("the DRAM-level tile holds " + std::to_string(at(dram_extent, Dim::G)) +
                               " groups but only " + std::to_string(at(dram_extent, dim)) + " of " +
                               std::to_string(op.dim(dim)) + " channels per group in dim " + letter(dim) +
                               "; a tile with several groups needs whole C and K so its channels stay contiguous");
    }
  }
  return Validity::valid();
}

Validity check_keep(const Mapping& mapping, const ArchConfig& arch) {
  for (const TensorKind kind : kAllTensorKinds) {
    if (!mapping.levels.front().keep.has(kind)) {
      return Validity::invalid("level " + mapping.levels.front().target + " bypasses " +
                               tensor_kind_name(kind) + ", but DRAM holds every tensor");
    }
  }
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& buffer = arch.buffers[b];
    const LevelMapping& level = mapping.levels[b + 1];
    for (const TensorKind kind : kAllTensorKinds) {
      if (level.keep.has(kind) != buffer.holds.has(kind)) {
        return Validity::invalid(std::string("level ") + level.target +
                                 (level.keep.has(kind) ? " keeps " : " bypasses ") + tensor_kind_name(kind) +
                                 ", but the arch " +
                                 (buffer.holds.has(kind) ? "stores them there" : "stores them in another buffer") +
                                 " (each tensor lives in exactly one buffer)");
      }
    }
  }
  return Validity::valid();
}

/// The DRAM-level tile extents, clipped to the op (one pass per dim).
DimArray dram_tile(const Op& op, const Mapping& mapping) {
  DimArray e{};
  const int spatial_index = mapping.spatial_level_index();
  std::int64_t extents[16];
  const bool few_levels = mapping.levels.size() <= 16;
  for (const Dim dim : kAllDims) {
    std::int64_t dram_tile = 0;
    if (few_levels && !mapping.levels.empty()) {
      inner_extents(mapping, spatial_index, dim, extents);
      dram_tile = extents[0];
    } else {
      dram_tile = mapping.inner_extent(0, dim);
    }
    at(e, dim) = std::min(dram_tile, op.dim(dim));
  }
  return e;
}

/// Bytes of one slot of a tensor's tile with DRAM-level extents e.
std::uint64_t tile_bytes_of(const Op& op, const DimArray& e, const ArchConfig& arch, TensorKind tensor) {
  const auto u = [](std::int64_t value) { return static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)); };
  std::uint64_t elements = 1;
  const auto times = [&](std::uint64_t value) { elements = saturating_multiply(elements, value); };
  switch (tensor) {
    case TensorKind::kInputs: {
      const std::int64_t h = (at(e, Dim::P) - 1) * op.stride_h + (at(e, Dim::R) - 1) * op.dilation_h + 1;
      const std::int64_t w = (at(e, Dim::Q) - 1) * op.stride_w + (at(e, Dim::S) - 1) * op.dilation_w + 1;
      for (const std::int64_t value : {at(e, Dim::N), h, w, at(e, Dim::G), at(e, Dim::C)}) times(u(value));
      return saturating_multiply(elements, u(arch.pe_array.operand_bytes()));
    }
    case TensorKind::kWeights:
      for (const Dim dim : {Dim::G, Dim::R, Dim::S, Dim::C, Dim::K}) times(u(at(e, dim)));
      return saturating_multiply(elements, u(arch.pe_array.operand_bytes()));
    case TensorKind::kOutputs:
      for (const Dim dim : {Dim::N, Dim::P, Dim::Q, Dim::G, Dim::K}) times(u(at(e, dim)));
      return saturating_multiply(elements, u(arch.pe_array.accumulator_bytes()));
  }
  return 0;
}

Validity check_capacity(const Op& op, const Mapping& mapping, const ArchConfig& arch, const DimArray& dram_extent) {
  std::array<std::uint64_t, kNumTensorKinds> bytes{};
  DimArray tile{};
  for (const Dim dim : kAllDims) at(tile, dim) = std::min(at(dram_extent, dim), op.dim(dim));
  for (const TensorKind kind : kAllTensorKinds) bytes[static_cast<std::size_t>(kind)] = tile_bytes_of(op, tile, arch, kind);
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& buffer = arch.buffers[b];
    const bool twice = mapping.levels[b + 1].double_buffer;
    std::uint64_t needed = 0;
    for (const TensorKind kind : kAllTensorKinds) {
      if (!buffer.holds.has(kind)) continue;
      needed = saturating_add(needed, saturating_multiply(bytes[static_cast<std::size_t>(kind)], twice ? 2 : 1));
    }
    if (needed > buffer.size_bytes) {
      std::string parts;
      for (const TensorKind kind : kAllTensorKinds) {
        if (!buffer.holds.has(kind)) continue;
        parts += (parts.empty() ? "" : " + ") + std::string(tensor_kind_name(kind)) + " " +
                 bytes_text(saturating_multiply(bytes[static_cast<std::size_t>(kind)], twice ? 2 : 1));
      }
      return Validity::invalid("buffer " + buffer.name + " needs " + bytes_text(needed) + " (" + parts +
                               (twice ? ", double buffered" : "") + ") but holds " +
                               bytes_text(buffer.size_bytes));
    }
  }
  return Validity::valid();
}

/// Whether DRAM-level tiles of extents `tile` (clipped to the op) fit every buffer, with
/// two slots in buffer b when double_buffered(b): check_capacity()'s condition without
/// its message.
template <typename DoubleBuffered>
bool buffers_hold(const Op& op, const DimArray& tile, const ArchConfig& arch, DoubleBuffered&& double_buffered) {
  std::array<std::uint64_t, kNumTensorKinds> bytes{};
  for (const TensorKind kind : kAllTensorKinds) bytes[static_cast<std::size_t>(kind)] = tile_bytes_of(op, tile, arch, kind);
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& buffer = arch.buffers[b];
    const std::uint64_t slots = double_buffered(b) ? 2 : 1;
    std::uint64_t needed = 0;
    for (const TensorKind kind : kAllTensorKinds) {
      if (buffer.holds.has(kind)) needed = saturating_add(needed, saturating_multiply(bytes[static_cast<std::size_t>(kind)], slots));
    }
    if (needed > buffer.size_bytes) return false;
  }
  return true;
}

}  // namespace

DataflowRoles dataflow_roles(Dataflow dataflow) {
  DataflowRoles roles{};
  const auto mark = [](bool (&flags)[kNumDims], std::initializer_list<Dim> dims) {
    for (const Dim dim : dims) flags[static_cast<int>(dim)] = true;
  };
  switch (dataflow) {
    case Dataflow::kWeightStationary:
      mark(roles.row_dim, {Dim::C, Dim::R, Dim::S});
      mark(roles.col_dim, {Dim::K});
      mark(roles.stream_dim, {Dim::N, Dim::P, Dim::Q});
      roles.stationary = TensorKind::kWeights;
      break;
    case Dataflow::kOutputStationary:
      mark(roles.row_dim, {Dim::N, Dim::P, Dim::Q});
      mark(roles.col_dim, {Dim::K});
      mark(roles.stream_dim, {Dim::C, Dim::R, Dim::S});
      roles.stationary = TensorKind::kOutputs;
      break;
    case Dataflow::kInputStationary:
      mark(roles.row_dim, {Dim::C, Dim::R, Dim::S});
      mark(roles.col_dim, {Dim::N, Dim::P, Dim::Q});
      mark(roles.stream_dim, {Dim::K});
      roles.stationary = TensorKind::kInputs;
      break;
  }
  return roles;
}

std::uint64_t tile_bytes(const Op& op, const Mapping& mapping, const ArchConfig& arch,
                         TensorKind tensor) {
  return tile_bytes_of(op, dram_tile(op, mapping), arch, tensor);
}

std::uint64_t tile_bytes(const Op& op, const DimArray& tile, const ArchConfig& arch, TensorKind tensor) {
  return tile_bytes_of(op, tile, arch, tensor);
}

bool tiles_fit(const Op& op, const DimArray& tile, std::uint32_t double_buffer, const ArchConfig& arch) {
  if (at(tile, Dim::G) > 1 && (at(tile, Dim::C) < op.dim(Dim::C) || at(tile, Dim::K) < op.dim(Dim::K))) return false;
  return buffers_hold(op, tile, arch, [&](std::size_t b) { return ((double_buffer >> b) & 1u) != 0; });
}

Validity check_mapping(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  if (mapping.cores_used() > 1) {
    // Every core runs the split-free mapping on its part; the first part is the largest.
    const Validity split = check_core_split(op, mapping, arch);
    if (!split.ok) return split;
    return check_mapping(core_shares(op, mapping).front().op, core_mapping(mapping), arch);
  }
  const DataflowRoles roles = dataflow_roles(arch.pe_array.dataflow);
  // Later checks index levels by the arch's buffers, so the level list comes first.
  Validity result = check_levels(mapping, arch);
  if (result.ok) result = check_factors_and_permutations(mapping);
  if (result.ok) result = check_spatial(mapping, arch, roles);
  if (result.ok) result = check_stream(mapping, arch, roles);
  DimArray dram_extent{};
  if (result.ok && !coverage_holds(op, mapping, mapping.spatial_level_index(), dram_extent)) result = check_coverage(op, mapping, dram_extent);
  if (result.ok) result = check_groups(op, dram_extent);
  if (result.ok) result = check_keep(mapping, arch);
  if (result.ok) result = check_capacity(op, mapping, arch, dram_extent);
  return result;
}

PreparedCheck::PreparedCheck(const Op& op, const ArchConfig& arch)
    : m_op(op), m_arch(arch), m_level_names(arch.storage_levels()),
      m_operand_bytes(arch.pe_array.operand_bytes()), m_accumulator_bytes(arch.pe_array.accumulator_bytes()) {
  const DataflowRoles roles = dataflow_roles(arch.pe_array.dataflow);
  for (int d = 0; d < kNumDims; ++d) {
    if (roles.row_dim[d]) m_row_dims |= 1u << d;
    if (roles.col_dim[d]) m_col_dims |= 1u << d;
    if (roles.stream_dim[d]) m_stream_dims |= 1u << d;
  }
  for (const TensorKind kind : kAllTensorKinds) m_all_tensors.add(kind);
  constexpr std::int64_t kSmall = std::int64_t{1} << 31;
  m_small = static_cast<std::int64_t>(arch.pe_array.rows) * arch.pe_array.cols < kSmall;
  for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) {
    m_small = m_small && op.dims[d] >= 1 && op.dims[d] < kSmall;
    m_extent[d] = static_cast<std::uint64_t>(std::max<std::int64_t>(op.dims[d], 0));
  }
}

bool PreparedCheck::fan_out_fits(const Mapping& mapping, int& spatial_index, unsigned& on_rows, unsigned& on_cols) const {
  const SpatialMapping& spatial = mapping.spatial;
  std::int64_t smallest = 1, rows_used = 1, cols_used = 1;
  bool overflow = false;  // then the (saturated) product exceeds the array
  on_rows = on_cols = 0;
#pragma GCC unroll 8
  for (int d = 0; d < kNumDims; ++d) {
    const std::int64_t rows = spatial.rows[static_cast<std::size_t>(d)];
    const std::int64_t cols = spatial.cols[static_cast<std::size_t>(d)];
    smallest = std::min({smallest, rows, cols});
    on_rows |= static_cast<unsigned>(rows > 1) << d;
    on_cols |= static_cast<unsigned>(cols > 1) << d;
    overflow |= __builtin_mul_overflow(rows_used, rows, &rows_used);
    overflow |= __builtin_mul_overflow(cols_used, cols, &cols_used);
  }
  if (smallest < 1 || (on_rows & ~m_row_dims) != 0 || (on_cols & ~m_col_dims) != 0) return false;
  if (overflow || rows_used > m_arch.pe_array.rows || cols_used > m_arch.pe_array.cols) return false;
  // Mapping::spatial_level_index(), and whether the fan-out names a level at all.
  spatial_index = -1;
  for (std::size_t l = 0; l < mapping.levels.size() && spatial_index < 0; ++l) {
    if (mapping.levels[l].target == spatial.target) spatial_index = static_cast<int>(l);
  }
  if (spatial_index >= 0) return true;
  spatial_index = static_cast<int>(mapping.levels.size()) - 2;
  return (on_rows | on_cols) == 0;  // a trivial fan-out needs no target
}

bool PreparedCheck::levels_hold(const Mapping& mapping, int spatial_index, unsigned on_rows, unsigned on_cols,
                                Verdict& covered, DimArray& dram_extent) const {
  // One walk outwards over the levels for all dims at once, without data-dependent
  // branches (they mispredict from one mapping to the next): a factor of 1 starts its last
  // iteration at 0, inside every dim. Coverage in plain unsigned arithmetic, exact when
  // every factor, dim and the array's size are below 2^31 (checked below; otherwise the
  // saturating coverage_holds() decides): until a check fails, an extent stays below
  // 4 x the dim, so no product wraps; after one fails, the verdict is already "fails".
  std::array<std::uint64_t, kNumDims> inner;   // inner_extent(level, d)
  std::array<std::uint64_t, kNumDims> per_pe;  // the factors inside the spatial fan-out
  inner.fill(1);
  per_pe.fill(1);
  std::uint64_t signs = 0;    // a factor f < 1 exactly when f or f - 1 has the sign bit
  std::uint64_t factors = 0;  // every factor or-ed: below 2^31 when this is
  bool empty = false;         // some loop has an empty last iteration
  for (int level = static_cast<int>(mapping.levels.size()) - 1; level >= 0; --level) {
    const LevelMapping& mapped = mapping.levels[static_cast<std::size_t>(level)];
    if (mapped.target != m_level_names[static_cast<std::size_t>(level)] || !is_full_permutation(mapped.permutation)) {
      return false;
    }
    if (level == spatial_index) {
      per_pe = inner;
      for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) {
        inner[d] *= static_cast<std::uint64_t>(mapping.spatial.rows[d] * mapping.spatial.cols[d]);  // both fit the array
      }
    }
    if (level == 0) {
      for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) dram_extent[d] = static_cast<std::int64_t>(inner[d]);
    }
#pragma GCC unroll 8
    for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) {
      const auto f = static_cast<std::uint64_t>(mapped.temporal[d]);
      signs |= f | (f - 1);
      factors |= f;
      const std::uint64_t last_start = inner[d] * (f - 1);  // where the level's last iteration starts
      empty |= last_start >= m_extent[d];
      inner[d] += last_start;  // inner * factor
    }
  }
  if ((signs >> 63) != 0) return false;
  unsigned streamed = 0;
  const DimArray& stream = mapping.levels.back().temporal;
#pragma GCC unroll 8
  for (int d = 0; d < kNumDims; ++d) streamed |= static_cast<unsigned>(stream[static_cast<std::size_t>(d)] > 1) << d;
  if ((streamed & ~m_stream_dims) != 0) return false;
  if (!(mapping.levels.front().keep == m_all_tensors)) return false;
  for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
    if (!(mapping.levels[b + 1].keep == m_arch.buffers[b].holds)) return false;
  }
  if ((factors >> 31) != 0 || !m_small) {
    covered = Verdict::kUndecided;
    return true;
  }
  bool fails = empty;
#pragma GCC unroll 8
  for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) fails |= inner[d] < m_extent[d];  // not covered
  for (unsigned dims = on_rows | on_cols; dims != 0; dims &= dims - 1) {
    const auto d = static_cast<std::size_t>(__builtin_ctz(dims));
    const auto rows = static_cast<std::uint64_t>(mapping.spatial.rows[d]);
    const auto cols = static_cast<std::uint64_t>(mapping.spatial.cols[d]);
    fails |= per_pe[d] * (rows - 1) >= m_extent[d];         // a row would get nothing
    fails |= per_pe[d] * rows * (cols - 1) >= m_extent[d];  // a column would get nothing
  }
  covered = fails ? Verdict::kFails : Verdict::kHolds;
  return true;
}

bool PreparedCheck::tiles_fit_the_buffers(const Mapping& mapping, const DimArray& dram_extent) const {
  // check_groups() and check_capacity().
  const Op& op = m_op;
  if (at(dram_extent, Dim::G) > 1 && (at(dram_extent, Dim::C) < op.dim(Dim::C) || at(dram_extent, Dim::K) < op.dim(Dim::K))) {
    return false;
  }
  DimArray e{};
#pragma GCC unroll 8
  for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) e[d] = std::min(dram_extent[d], op.dims[d]);
  const auto double_buffered = [&](std::size_t b) { return mapping.levels[b + 1].double_buffer; };
  // tile_bytes_of() and the sums in exact arithmetic; where a value would overflow (or a
  // box is empty), the saturating buffers_hold() decides.
  bool unusual = false;
  const auto product = [&unusual](std::initializer_list<std::int64_t> values) {
    std::int64_t result = 1;
#pragma GCC unroll 6
    for (const std::int64_t value : values) unusual |= __builtin_mul_overflow(result, value, &result);
    return static_cast<std::uint64_t>(result);
  };
  const std::int64_t h = (at(e, Dim::P) - 1) * op.stride_h + (at(e, Dim::R) - 1) * op.dilation_h + 1;
  const std::int64_t w = (at(e, Dim::Q) - 1) * op.stride_w + (at(e, Dim::S) - 1) * op.dilation_w + 1;
  const std::array<std::uint64_t, kNumTensorKinds> bytes{
      product({at(e, Dim::N), h, w, at(e, Dim::G), at(e, Dim::C), m_operand_bytes}),
      product({at(e, Dim::G), at(e, Dim::R), at(e, Dim::S), at(e, Dim::C), at(e, Dim::K), m_operand_bytes}),
      product({at(e, Dim::N), at(e, Dim::P), at(e, Dim::Q), at(e, Dim::G), at(e, Dim::K), m_accumulator_bytes})};
  unusual |= h < 1 || w < 1;
  bool fits = true;
  for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
    const BufferConfig& buffer = m_arch.buffers[b];
    std::uint64_t needed = 0;
    for (std::size_t t = 0; t < bytes.size(); ++t) {
      if (buffer.holds.has(static_cast<TensorKind>(t))) unusual |= __builtin_add_overflow(needed, bytes[t], &needed);
    }
    unusual |= __builtin_mul_overflow(needed, double_buffered(b) ? 2 : 1, &needed);
    fits &= needed <= buffer.size_bytes;
  }
  return unusual ? buffers_hold(op, e, m_arch, double_buffered) : fits;
}

bool PreparedCheck::holds(const Mapping& mapping) const {
  for (const std::int64_t factor : mapping.cores) {
    if (factor != 1) return check_mapping(m_op, mapping, m_arch).ok;  // a core split: rare, checked whole
  }
  if (mapping.levels.size() != m_level_names.size()) return false;
  int spatial_index = 0;
  unsigned on_rows = 0, on_cols = 0;
  Verdict covered = Verdict::kHolds;
  DimArray dram_extent{};
  if (!fan_out_fits(mapping, spatial_index, on_rows, on_cols) ||
      !levels_hold(mapping, spatial_index, on_rows, on_cols, covered, dram_extent)) {
    return false;
  }
  // Decided as check_mapping() decides it: the message-building check_coverage() has the
  // last word on a failure, and saturates where an extent would overflow.
  if (covered != Verdict::kHolds && !coverage_holds(m_op, mapping, spatial_index, dram_extent) &&
      !check_coverage(m_op, mapping, dram_extent).ok) {
    return false;
  }
  return tiles_fit_the_buffers(mapping, dram_extent);
}

Validity PreparedCheck::check(const Mapping& mapping) const {
  return holds(mapping) ? Validity::valid() : check_mapping(m_op, mapping, m_arch);
}

}  // namespace sextant
