// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/tile_compute.h"

#include <algorithm>
#include <utility>

#include "workloads/buffer_ports.h"
#include "workloads/compiler.h"
#include "workloads/systolic_timing.h"

namespace sextant {
namespace {

/// The DRAM tiles of one dim: the full extent and possibly one edge extent, each with the
/// number of tiles that have it.
struct TileParts {
  std::array<std::pair<std::int64_t, std::int64_t>, 2> parts{};  ///< (extent, tiles)
  int count = 0;
};

std::array<TileParts, kNumDims> tile_parts(const Op& op, const DramTiling& tiling) {
  std::array<TileParts, kNumDims> result{};
  for (Dim d : kAllDims) {
    TileParts& dim = result[static_cast<std::size_t>(d)];
    const std::int64_t trips = at(tiling.trips, d);
    const std::int64_t full = at(tiling.tile, d);
    const std::int64_t edge = op.dim(d) - (trips - 1) * full;
    if (edge == full) {
      dim.parts[0] = {full, trips};
      dim.count = 1;
    } else {
      if (trips > 1) dim.parts[static_cast<std::size_t>(dim.count++)] = {full, trips - 1};
      dim.parts[static_cast<std::size_t>(dim.count++)] = {edge, 1};
    }
  }
  return result;
}

/// Adds one tile class (`count` tiles with the same fold structure) to the totals: its
/// tile cycles are the longer of the systolic formula and each tensor's buffer ports.
void add_tile_class(const PreparedOp& p, const DimArray& extent, std::uint64_t count, std::uint64_t systolic,
                    const std::uint64_t (&read)[kNumTensorKinds], const std::uint64_t (&write)[kNumTensorKinds],
                    std::uint64_t macs, ComputeTotals& totals) {
  const auto regions = tile_regions(p.op, extent, p.operand_bytes, p.accumulator_bytes);
  std::uint64_t cycles = systolic;
  for (int t = 0; t < kNumTensorKinds; ++t) {
    const auto ti = static_cast<std::size_t>(t);
    const auto b = static_cast<std::size_t>(p.home[ti]);
    cycles = std::max(cycles, buffer_port_cycles(p.arch.buffers[b], p.bank_size[b], regions[ti], read[t], write[t]));
    totals.array_read[ti] += count * read[t];
    totals.array_write[ti] += count * write[t];
  }
  totals.busy += count * systolic;
  totals.cycles += count * cycles;
  totals.macs += count * macs;
}

/// The first write to every output element is a plain write, not a read-modify-write.
void remove_first_output_reads(const PreparedOp& p, ComputeTotals& totals) {
  const auto out = static_cast<std::size_t>(TensorKind::kOutputs);
  totals.array_read[out] -= std::min(totals.array_read[out], p.output_bytes);
}

/// Calls visit(extent, count) for every tile class: an odometer over the dims' parts.
template <typename Visit>
void for_each_tile_class(const std::array<TileParts, kNumDims>& parts, Visit&& visit) {
  std::array<int, kNumDims> choice{};
  DimArray extent{};
  while (true) {
    std::uint64_t count = 1;
    for (int i = 0; i < kNumDims; ++i) {
      const auto& part = parts[static_cast<std::size_t>(i)].parts[static_cast<std::size_t>(choice[static_cast<std::size_t>(i)])];
      extent[static_cast<std::size_t>(i)] = part.first;
      count *= static_cast<std::uint64_t>(part.second);
    }
    visit(extent, count, choice);
    int d = 0;
    for (; d < kNumDims; ++d) {
      const auto i = static_cast<std::size_t>(d);
      if (++choice[i] < parts[i].count) break;
      choice[i] = 0;
    }
    if (d == kNumDims) return;
  }
}

enum class Role { kRows, kCols, kStream, kFold };

/// Where a dim's chunk size goes in a fold (as fold_classes() decides it).
Role role_of(const Mapping& mapping, const DimArray& stream, Dim dim) {
  if (at(mapping.spatial.rows, dim) > 1) return Role::kRows;
  if (at(mapping.spatial.cols, dim) > 1) return Role::kCols;
  if (at(stream, dim) > 1) return Role::kStream;
  return Role::kFold;
}

/// What one dim, at one tile extent, contributes to the per-tile sums over folds. A fold
/// is one chunk of every dim; each sum below is a sum over folds of a product of per-dim
/// factors, hence the product over dims of these per-dim sums.
struct DimFolds {  // no member initializers: arrays of it stay uninitialized until written
  std::uint64_t folds;        ///< chunks: factor 1 per chunk
  std::uint64_t rows_cols;    ///< chunk size if on rows or columns, else 1
  std::uint64_t stream_rows;  ///< chunk size if streamed or on rows, else 1
  std::uint64_t stream_cols;  ///< chunk size if streamed or on columns, else 1
  std::uint64_t stream;       ///< chunk size if streamed, else 1
  std::uint64_t extent;       ///< chunk size whatever the role: rows x cols x stream
  /// Chunk sizes and counts (full chunks, then possibly one edge chunk).
  std::array<std::pair<std::int64_t, std::int64_t>, 2> chunks;
  int chunk_kinds;
};

/// The product's neutral element: what a dim with one chunk of one contributes.
constexpr DimFolds kNoFolds{1, 1, 1, 1, 1, 1, {}, 0};

DimFolds dim_folds(std::int64_t extent, std::int64_t unit, Role role) {
  DimFolds f = kNoFolds;
  if (unit == 1) {  // most dims: every index is a chunk of one (no division)
    const auto n = static_cast<std::uint64_t>(extent);
    f.chunks[0] = {1, extent};
    f.chunk_kinds = 1;
    f.folds = f.rows_cols = f.stream_rows = f.stream_cols = f.stream = f.extent = n;
    return f;
  }
  const std::int64_t chunks = (extent + unit - 1) / unit;
  const std::int64_t edge = extent - (chunks - 1) * unit;
  if (edge == unit) {
    f.chunks[static_cast<std::size_t>(f.chunk_kinds++)] = {unit, chunks};
  } else {
    if (chunks > 1) f.chunks[static_cast<std::size_t>(f.chunk_kinds++)] = {unit, chunks - 1};
    f.chunks[static_cast<std::size_t>(f.chunk_kinds++)] = {edge, 1};
  }
  const auto n = static_cast<std::uint64_t>(chunks);
  // A fold-role dim has unit 1: each index is a chunk of size 1, so n == extent.
  const auto e = role == Role::kFold ? n : static_cast<std::uint64_t>(extent);
  f.folds = n;
  f.rows_cols = role == Role::kRows || role == Role::kCols ? e : n;
  f.stream_rows = role == Role::kStream || role == Role::kRows ? e : n;
  f.stream_cols = role == Role::kStream || role == Role::kCols ? e : n;
  f.stream = role == Role::kStream ? e : n;
  f.extent = e;
  return f;
}

/// The per-tile sums over the folds of several dims: the product of their per-dim sums.
void multiply_into(DimFolds& into, const DimFolds& f) {
  into.folds *= f.folds;
  into.rows_cols *= f.rows_cols;
  into.stream_rows *= f.stream_rows;
  into.stream_cols *= f.stream_cols;
  into.stream *= f.stream;
  into.extent *= f.extent;
}

/// Which tensor enters the array along its rows and which along its columns.
std::pair<TensorKind, TensorKind> edge_tensors(Dataflow dataflow) {
  switch (dataflow) {
    case Dataflow::kWeightStationary: return {TensorKind::kInputs, TensorKind::kOutputs};
    case Dataflow::kOutputStationary: return {TensorKind::kInputs, TensorKind::kWeights};
    case Dataflow::kInputStationary: return {TensorKind::kWeights, TensorKind::kOutputs};
  }
  return {TensorKind::kInputs, TensorKind::kOutputs};
}

}  // namespace

ComputeTotals compute_totals_by_tile_classes(const PreparedOp& p, const Mapping& mapping, const DramTiling& tiling) {
  // Reused: a ComputeTile carries three tensor boxes and the fold list is 8 KiB; building
  // them per evaluation cost more than the model. Every field read below is set.
  static thread_local ComputeTile tile;
  static thread_local FoldClassList folds;
  tile.rows = mapping.spatial.rows;
  tile.cols = mapping.spatial.cols;
  tile.stream = fold_stream(mapping, p.roles);
  tile.accumulate = true;  // output reads are corrected once for the whole op
  ComputeTotals totals;
  for_each_tile_class(tile_parts(p.op, tiling), [&](const DimArray& extent, std::uint64_t count, const auto&) {
    tile.extent = extent;
    fold_classes(tile, folds);
    const std::uint64_t systolic = systolic_cycles(p.arch.pe_array, folds.items.data(), folds.size);
    const ArrayTraffic traffic = array_traffic(p.arch.pe_array, tile, folds.items.data(), folds.size);
    add_tile_class(p, extent, count, systolic, traffic.read_bytes, traffic.write_bytes, traffic.macs, totals);
  });
  remove_first_output_reads(p, totals);
  return totals;
}

ComputeTotals compute_totals_separable(const PreparedOp& p, const Mapping& mapping, const DramTiling& tiling) {
  const PeArrayConfig& array = p.arch.pe_array;
  const DimArray stream = fold_stream(mapping, p.roles);
  const std::array<TileParts, kNumDims> parts = tile_parts(p.op, tiling);
  // Per dim and tile part: the dim's fold sums. Dims with one tile extent contribute the
  // same factors to every tile class: multiplied once into `base`; the others (edge
  // tiles) vary across classes.
  // Not value-initialized (1.4 KiB): dim_folds() writes every entry read below.
  std::array<std::array<DimFolds, 2>, kNumDims> dims;
  std::array<int, kNumDims> varying{}, streamed{};
  std::array<bool, kNumDims> is_streamed{};
  int varying_count = 0, streamed_count = 0;
  DimFolds base = kNoFolds;
  std::uint64_t base_unstreamed = 1;  // folds over the dims that do not stream
  std::uint64_t base_tiles = 1;       // tiles: the fixed dims' trip counts
  for (Dim d : kAllDims) {
    const auto i = static_cast<std::size_t>(d);
    const Role role = role_of(mapping, stream, d);
    is_streamed[i] = role == Role::kStream;
    if (is_streamed[i]) streamed[static_cast<std::size_t>(streamed_count++)] = static_cast<int>(i);
    const std::int64_t unit = at(mapping.spatial.rows, d) * at(mapping.spatial.cols, d) * at(stream, d);
    for (int k = 0; k < parts[i].count; ++k) {
      dims[i][static_cast<std::size_t>(k)] = dim_folds(parts[i].parts[static_cast<std::size_t>(k)].first, unit, role);
    }
    if (parts[i].count > 1) {
      varying[static_cast<std::size_t>(varying_count++)] = static_cast<int>(i);
      continue;
    }
    base_tiles *= static_cast<std::uint64_t>(parts[i].parts[0].second);
    multiply_into(base, dims[i][0]);
    if (role != Role::kStream) base_unstreamed *= dims[i][0].folds;
  }
  const auto rows = static_cast<std::uint64_t>(array.rows);
  const auto fill_drain = static_cast<std::uint64_t>(array.rows + array.cols - 2) + rows;
  const auto [along_rows, along_cols] = edge_tensors(array.dataflow);
  std::array<int, kNumDims> choice{};  // tile part per dim (0 for the fixed dims)
  DimArray extent{};
  for (int i = 0; i < kNumDims; ++i) extent[static_cast<std::size_t>(i)] = parts[static_cast<std::size_t>(i)].parts[0].first;
  ComputeTotals totals;
  for (std::uint32_t cls = 0; cls < (1u << varying_count); ++cls) {
    DimFolds sums = base;
    std::uint64_t unstreamed_folds = base_unstreamed;
    std::uint64_t count = base_tiles;
    for (int v = 0; v < varying_count; ++v) {
      const auto i = static_cast<std::size_t>(varying[static_cast<std::size_t>(v)]);
      const int k = static_cast<int>((cls >> v) & 1u);
      choice[i] = k;
      extent[i] = parts[i].parts[static_cast<std::size_t>(k)].first;
      count *= static_cast<std::uint64_t>(parts[i].parts[static_cast<std::size_t>(k)].second);
      multiply_into(sums, dims[i][static_cast<std::size_t>(k)]);
    }
    for (int v = 0; v < varying_count; ++v) {
      const auto i = static_cast<std::size_t>(varying[static_cast<std::size_t>(v)]);
      if (!is_streamed[i]) unstreamed_folds *= dims[i][static_cast<std::size_t>(choice[i])].folds;
    }
    std::uint64_t systolic = 0;
    if (array.fold_overlap) {
      // Sum over folds of max(T_f, R): T_f is the product of the streamed dims' chunks, so
      // walk their (at most two) chunk sizes; the other dims only multiply the count.
      std::uint64_t overlapped = 0;
      std::array<int, kNumDims> pick{};
      while (true) {
        std::uint64_t length = 1, number = 1;
        for (int s = 0; s < streamed_count; ++s) {
          const auto i = static_cast<std::size_t>(streamed[static_cast<std::size_t>(s)]);
          const auto& chunk = dims[i][static_cast<std::size_t>(choice[i])].chunks[static_cast<std::size_t>(pick[static_cast<std::size_t>(s)])];
          length *= static_cast<std::uint64_t>(chunk.first);
          number *= static_cast<std::uint64_t>(chunk.second);
        }
        overlapped += number * std::max(length, rows);
        int s = 0;
        for (; s < streamed_count; ++s) {
          const auto i = static_cast<std::size_t>(streamed[static_cast<std::size_t>(s)]);
          if (++pick[static_cast<std::size_t>(s)] < dims[i][static_cast<std::size_t>(choice[i])].chunk_kinds) break;
          pick[static_cast<std::size_t>(s)] = 0;
        }
        if (s == streamed_count) break;
      }
      systolic = fill_drain + unstreamed_folds * overlapped;
    } else {
      systolic = sums.folds * fill_drain + sums.stream;
    }
    std::uint64_t read[kNumTensorKinds] = {0, 0, 0};
    std::uint64_t write[kNumTensorKinds] = {0, 0, 0};
    const auto add = [&](TensorKind kind, std::uint64_t elements) {
      const auto k = static_cast<int>(kind);
      if (kind == TensorKind::kOutputs) {
        write[k] += elements * p.accumulator_bytes;
      } else {
        read[k] += elements * p.operand_bytes;
      }
    };
    add(p.roles.stationary, sums.rows_cols);
    add(along_rows, sums.stream_rows);
    add(along_cols, sums.stream_cols);
    const auto out = static_cast<int>(TensorKind::kOutputs);
    read[out] = write[out];  // every output write accumulates (first writes removed below)
    add_tile_class(p, extent, count, systolic, read, write, sums.extent, totals);
  }
  remove_first_output_reads(p, totals);
  return totals;
}

}  // namespace sextant
