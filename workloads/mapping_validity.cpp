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
  return factor - 1 >= (extent - 1) / inner + 1;
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

/// 1 << Dim for a dim letter, 0 for anything else (a table: this runs per evaluated mapping).
unsigned dim_bit(char letter) {
  static const std::array<unsigned char, 256> kBits = [] {
    std::array<unsigned char, 256> bits{};
    for (const Dim dim : kAllDims) {
      bits[static_cast<unsigned char>(dim_letter(dim))] = static_cast<unsigned char>(1u << static_cast<int>(dim));
    }
    return bits;
  }();
  return kBits[static_cast<unsigned char>(letter)];
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
    unsigned seen = 0;
    bool each_once = level.permutation.size() == static_cast<std::size_t>(kNumDims);
    for (std::size_t i = 0; each_once && i < level.permutation.size(); ++i) {
      const unsigned bit = dim_bit(level.permutation[i]);
      each_once = bit != 0 && (seen & bit) == 0;
      seen |= bit;
    }
    if (!each_once) {
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
Validity check_coverage(const Op& op, const Mapping& mapping) {
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
        return Validity::invalid("level " + mapping.levels[static_cast<std::size_t>(level)].target +
                                 " iterates dim " + letter(dim) + " " + std::to_string(factor) +
                                 " times over tiles of " + std::to_string(inner) +
                                 ", so its last iteration starts at " + std::to_string(inner * (factor - 1)) +
                                 ", past the extent " + std::to_string(extent) + " (an empty iteration)");
      }
    }
    // Inside the spatial target's temporal loops: columns outside rows (Timeloop's X, Y).
    const std::int64_t rows = at(mapping.spatial.rows, dim);
    const std::int64_t cols = at(mapping.spatial.cols, dim);
    const std::int64_t inner = mapping.inner_extent(spatial_index, dim) / (rows * cols);
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

Validity check_groups(const Op& op, const Mapping& mapping) {
  if (mapping.inner_extent(0, Dim::G) <= 1) return Validity::valid();
  for (const Dim dim : {Dim::C, Dim::K}) {
    if (mapping.inner_extent(0, dim) < op.dim(dim)) {
      return Validity::invalid("the DRAM-level tile holds " + std::to_string(mapping.inner_extent(0, Dim::G)) +
                               " groups but only " + std::to_string(mapping.inner_extent(0, dim)) + " of " +
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

Validity check_capacity(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  std::array<std::uint64_t, kNumTensorKinds> bytes{};
  const DimArray tile = dram_tile(op, mapping);
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

bool dim_relevant(TensorKind tensor, Dim dim) {
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

std::uint64_t tile_bytes(const Op& op, const Mapping& mapping, const ArchConfig& arch,
                         TensorKind tensor) {
  return tile_bytes_of(op, dram_tile(op, mapping), arch, tensor);
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
  if (result.ok) result = check_coverage(op, mapping);
  if (result.ok) result = check_groups(op, mapping);
  if (result.ok) result = check_keep(mapping, arch);
  if (result.ok) result = check_capacity(op, mapping, arch);
  return result;
}

}  // namespace sextant
