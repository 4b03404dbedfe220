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

/// Writes every field of `f` (no copy of a neutral element first: this runs for every dim
/// of every evaluated mapping).
[[gnu::always_inline]] inline void set_dim_folds(DimFolds& f, std::int64_t extent, std::int64_t unit, Role role) {
  if (unit == 1) {  // most dims: every index is a chunk of one (no division)
    const auto n = static_cast<std::uint64_t>(extent);
    f.chunks[0] = {1, extent};
    f.chunk_kinds = 1;
    f.folds = f.rows_cols = f.stream_rows = f.stream_cols = f.stream = f.extent = n;
    return;
  }
  const std::int64_t chunks = (extent + unit - 1) / unit;
  const std::int64_t edge = extent - (chunks - 1) * unit;
  f.chunk_kinds = 0;
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

/// A tile's port cycles on one tensor's buffer, moving `bytes` (each way when
/// `both_ways`: outputs are read and written back) over the banks its region spans:
/// buffer_port_cycles() with its divisions prepared (PreparedOp::ports) and taken in the
/// other order (ceil(ceil(t / s) / w) = ceil(ceil(t / w) / s)). Equal to it for traffic
/// below 2^64 - bank_width.
std::uint64_t port_cycles(const BufferPorts& port, std::uint64_t region, std::uint64_t bytes, bool both_ways) {
  if (bytes == 0) return 0;
  const std::uint64_t spanned = std::clamp<std::uint64_t>(port.bank_size.ceil(region), 1, port.banks);
  const std::uint64_t cycles = ExactDivisor::small(spanned).ceil(port.bank_width.ceil(bytes));
  return (both_ways && !port.dual_ported ? 2 * cycles : cycles) + port.latency_cycles;
}

/// Whether the tensor's port time cannot exceed `cycles` whatever its region: with the
/// region in one bank (the longest case), ceil(bytes / w) x (2 when reads and writes
/// share the port, else 1) + latency <= cycles, as bytes <= w x floor((cycles - latency)
/// / k): no division.
bool ports_keep_up(const BufferPorts& port, std::uint64_t bytes, bool both_ways, std::uint64_t cycles) {
  if (bytes == 0) return true;
  if (cycles < port.latency_cycles || port.bank_width.divisor() == 0) return false;  // (width 0: let port_cycles() decide)
  const std::uint64_t per_port = (cycles - port.latency_cycles) >> (both_ways && !port.dual_ported ? 1 : 0);
  std::uint64_t limit = 0;
  return __builtin_mul_overflow(per_port, port.bank_width.divisor(), &limit) || bytes <= limit;
}

/// Whether one tensor's ports keep up with the array in every tile class, proved without
/// visiting the classes. Per class the tensor moves `traffic` elements (a product over dims
/// of each dim's chunk sizes summed, e, or chunk count, n) while the array runs
/// `systolic` >= base + slope x Y cycles, where Y is the class's summed stream length
/// (when the tensor's traffic follows the stream) or its fold count (when it does not).
/// In both cases traffic <= per_y x Y, per_y being the product of the units (chunk size
/// bounds) of the dims whose chunk sizes the traffic carries beyond Y's. ports_keep_up()
/// holds when k x bytes + w x (latency + k - 1) <= w x systolic (floor((c - l) / k) >=
/// (c - l - k + 1) / k), which for every Y >= 1 follows from the two checks below. When
/// they fail the caller visits the classes.
bool ports_keep_up_everywhere(const BufferPorts& port, std::uint64_t bytes_per_element, std::uint64_t per_y,
                              bool both_ways, std::uint64_t base, std::uint64_t slope) {
  const std::uint64_t w = port.bank_width.divisor();
  if (w == 0) return false;
  const std::uint64_t k = both_ways && !port.dual_ported ? 2 : 1;
  std::uint64_t bytes_per_y = 0, time_per_y = 0, latency_bytes = 0, need = 0, time_at_one = 0;
  if (__builtin_mul_overflow(k * bytes_per_element, per_y, &bytes_per_y) || __builtin_mul_overflow(w, slope, &time_per_y) ||
      __builtin_mul_overflow(w, port.latency_cycles + k - 1, &latency_bytes) ||
      __builtin_add_overflow(bytes_per_y, latency_bytes, &need) || __builtin_mul_overflow(w, base + slope, &time_at_one)) {
    return false;  // astronomically large: let the classes decide
  }
  return bytes_per_y <= time_per_y && need <= time_at_one;
}

/// Per-tile values of a tile class that are products over dims of per-dim factors, so a
/// table of them over the classes doubles once per dim with an edge tile.
struct ClassProduct {
  std::uint64_t tiles;   ///< tiles in the class
  std::uint64_t folds;   ///< folds; with fold overlap, folds of the dims that do not stream
  std::uint64_t stream;  ///< sum over folds of the stream length
  std::array<std::uint64_t, kNumTensorKinds> traffic;  ///< elements the array moves, by TensorKind
};

ClassProduct times(const ClassProduct& a, const ClassProduct& b) {
  return {a.tiles * b.tiles, a.folds * b.folds, a.stream * b.stream,
          {a.traffic[0] * b.traffic[0], a.traffic[1] * b.traffic[1], a.traffic[2] * b.traffic[2]}};
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
  tile.command_dim = compute_command_dim(p.op.kind);
  tile.accumulate = true;  // output reads are corrected once for the whole op
  ComputeTotals totals;
  for_each_tile_class(tile_parts(p.op, tiling), [&](const DimArray& extent, std::uint64_t count, const auto&) {
    tile.extent = extent;
    fold_classes(tile, folds);
    const std::uint64_t systolic = systolic_cycles(p.arch.pe_array, folds.items.data(), folds.size);
    const ArrayTraffic traffic = array_traffic(p.arch.pe_array, tile, folds.items.data(), folds.size);
    add_tile_class(p, extent, count, systolic, traffic.read_bytes, traffic.write_bytes, traffic.macs, totals);
  });
  // Pipelined compute commands: only the last tile's drain is exposed (its store waits).
  const std::uint64_t drain = pipeline_drain_cycles(p.arch.pe_array);
  totals.busy += drain;
  totals.cycles += drain;
  remove_first_output_reads(p, totals);
  return totals;
}

ComputeTotals compute_totals_separable(const PreparedOp& p, const Mapping& mapping, const DramTiling& tiling) {
  const PeArrayConfig& array = p.arch.pe_array;
  // Compute commands cut each fold at run boundaries: not a product over dims.
  if (array.compute_command_rows > 0) return compute_totals_by_tile_classes(p, mapping, tiling);
  const DimArray stream = fold_stream(mapping, p.roles);
  const auto [along_rows, along_cols] = edge_tensors(array.dataflow);
  // Which per-fold sum is each tensor's traffic, by TensorKind.
  std::array<std::uint64_t DimFolds::*, kNumTensorKinds> traffic_of{};
  traffic_of[static_cast<std::size_t>(p.roles.stationary)] = &DimFolds::rows_cols;
  traffic_of[static_cast<std::size_t>(along_rows)] = &DimFolds::stream_rows;
  traffic_of[static_cast<std::size_t>(along_cols)] = &DimFolds::stream_cols;
  const auto product_factor = [&](const DimFolds& f, std::uint64_t tiles, Role role) {
    const bool overlap_streamed = array.fold_overlap && role == Role::kStream;
    return ClassProduct{tiles, overlap_streamed ? 1 : f.folds, f.stream, {f.*traffic_of[0], f.*traffic_of[1], f.*traffic_of[2]}};
  };

  // One pass over the dims. Each dim's DRAM tiles have one extent, or two (full tiles and
  // an edge tile): its parts. Not value-initialized: every entry read below is written.
  std::array<std::array<std::int64_t, 2>, kNumDims> part_extent;
  std::array<std::array<std::uint64_t, 2>, kNumDims> part_tiles;
  std::array<std::array<DimFolds, 2>, kNumDims> dims;  // fold sums per part
  std::array<Role, kNumDims> role;
  // 1. Totals over all tiles. Each is a sum over tile classes of (tiles of the class) x
  // (a product of per-dim factors), hence the product over dims of tile-weighted per-dim
  // sums: no class is visited.
  DimFolds weighted = kNoFolds;
  std::uint64_t tiles = 1;
  std::uint64_t unstreamed_weighted = 1;  // folds over the dims that do not stream
  // Dims with an edge tile vary across tile classes; bit v of a class index picks the part
  // (0 full, 1 edge) of varying dim v. The streamed ones come first, so a class's
  // streamed choices are its low bits.
  std::array<std::size_t, kNumDims> varying;
  std::array<std::size_t, kNumDims> varying_unstreamed;
  int varying_count = 0, unstreamed_count = 0;
  std::array<int, kNumDims> bit_of;
  // The products of the units of the dims on rows and on columns: a tensor's traffic
  // carries those dims' chunk sizes beyond its Y (ports_keep_up_everywhere()).
  std::uint64_t rows_units = 1, cols_units = 1;
  bool units_overflow = false;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < static_cast<std::size_t>(kNumDims); ++i) {
    const auto d = static_cast<Dim>(i);
    bit_of[i] = -1;
    if (p.op.dims[i] == 1) {
      // Every factor of a dim of extent 1 is 1 in a valid mapping: one tile, one fold,
      // one chunk of one; it multiplies every product by 1 and never streams.
      role[i] = Role::kFold;
      part_extent[i][0] = 1;
      continue;
    }
    role[i] = role_of(mapping, stream, d);
    const std::int64_t unit = at(mapping.spatial.rows, d) * at(mapping.spatial.cols, d) * at(stream, d);
    if (role[i] == Role::kRows) units_overflow |= __builtin_mul_overflow(rows_units, static_cast<std::uint64_t>(unit), &rows_units);
    if (role[i] == Role::kCols) units_overflow |= __builtin_mul_overflow(cols_units, static_cast<std::uint64_t>(unit), &cols_units);
    const std::int64_t trips = tiling.trips[i];
    const std::int64_t full = tiling.tile[i];
    const std::int64_t edge = p.op.dims[i] - (trips - 1) * full;
    const bool two_parts = edge != full && trips > 1;
    // The first part: the full tiles (all of them when there is no edge tile). In
    // arithmetic rather than selects, which compile to branches that mispredict.
    const std::int64_t first_is_full = static_cast<std::int64_t>(edge == full) | static_cast<std::int64_t>(trips > 1);
    part_extent[i][0] = edge + first_is_full * (full - edge);
    part_tiles[i][0] = static_cast<std::uint64_t>(trips - static_cast<std::int64_t>(two_parts));  // trips >= 1
    DimFolds& f0 = dims[i][0];
    set_dim_folds(f0, part_extent[i][0], unit, role[i]);
    const std::uint64_t c0 = part_tiles[i][0];
    DimFolds sum{c0 * f0.folds, c0 * f0.rows_cols, c0 * f0.stream_rows, c0 * f0.stream_cols, c0 * f0.stream, c0 * f0.extent, {}, 0};
    if (two_parts) {
      part_extent[i][1] = edge;
      part_tiles[i][1] = 1;
      DimFolds& f1 = dims[i][1];
      set_dim_folds(f1, edge, unit, role[i]);
      sum.folds += f1.folds;
      sum.rows_cols += f1.rows_cols;
      sum.stream_rows += f1.stream_rows;
      sum.stream_cols += f1.stream_cols;
      sum.stream += f1.stream;
      sum.extent += f1.extent;
      if (role[i] == Role::kStream) {
        varying[static_cast<std::size_t>(varying_count++)] = i;
      } else {
        varying_unstreamed[static_cast<std::size_t>(unstreamed_count++)] = i;
      }
    }
    multiply_into(weighted, sum);
    tiles *= c0 + (two_parts ? 1 : 0);
    if (role[i] != Role::kStream) unstreamed_weighted *= sum.folds;
  }
  const int varying_streamed = varying_count;
  for (int u = 0; u < unstreamed_count; ++u) varying[static_cast<std::size_t>(varying_count++)] = varying_unstreamed[static_cast<std::size_t>(u)];
  for (int v = 0; v < varying_count; ++v) bit_of[varying[static_cast<std::size_t>(v)]] = v;
  const auto rows = static_cast<std::uint64_t>(array.rows);
  const auto fill_drain = static_cast<std::uint64_t>(array.rows + array.cols - 2) + rows;

  // Systolic cycles. With fold overlap a tile takes R + (folds of the unstreamed dims) x
  // the sum, over the streamed dims' chunks, of max(T_f, R); that sum depends on the
  // streamed dims' tile parts only: one value per choice of them.
  std::array<std::uint64_t, 1u << kNumDims> overlapped;  // written for every index read
  std::uint64_t busy = 0;
  if (array.fold_overlap) {
    std::array<std::size_t, kNumDims> streamed{};
    int streamed_count = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kNumDims); ++i) {
      if (role[i] == Role::kStream) streamed[static_cast<std::size_t>(streamed_count++)] = i;
    }
    std::uint64_t weighted_overlap = 0;  // sum over streamed choices of their tiles x overlap
    for (std::uint32_t choice = 0; choice < (1u << varying_streamed); ++choice) {
      std::array<const DimFolds*, kNumDims> chosen{};
      std::uint64_t choice_tiles = 1;
      for (int s = 0; s < streamed_count; ++s) {
        const std::size_t i = streamed[static_cast<std::size_t>(s)];
        const auto k = static_cast<std::size_t>(bit_of[i] < 0 ? 0 : (choice >> bit_of[i]) & 1u);
        chosen[static_cast<std::size_t>(s)] = &dims[i][k];
        choice_tiles *= part_tiles[i][k];
      }
      std::uint64_t sum = 0;
      std::array<int, kNumDims> pick{};  // chunk kind per streamed dim: an odometer
      while (true) {
        std::uint64_t length = 1, number = 1;
        for (int s = 0; s < streamed_count; ++s) {
          const auto& chunk = chosen[static_cast<std::size_t>(s)]->chunks[static_cast<std::size_t>(pick[static_cast<std::size_t>(s)])];
          length *= static_cast<std::uint64_t>(chunk.first);
          number *= static_cast<std::uint64_t>(chunk.second);
        }
        sum += number * std::max(length, rows);
        int s = 0;
        for (; s < streamed_count; ++s) {
          if (++pick[static_cast<std::size_t>(s)] < chosen[static_cast<std::size_t>(s)]->chunk_kinds) break;
          pick[static_cast<std::size_t>(s)] = 0;
        }
        if (s == streamed_count) break;
      }
      overlapped[choice] = sum;
      weighted_overlap += choice_tiles * sum;
    }
    busy = fill_drain * tiles + unstreamed_weighted * weighted_overlap;
  } else {
    busy = weighted.folds * fill_drain + weighted.stream;
  }

  ComputeTotals totals;
  totals.busy = busy;
  totals.macs = weighted.extent;
  const auto out = static_cast<std::size_t>(TensorKind::kOutputs);
  std::array<std::uint64_t, kNumTensorKinds> bytes_per_element{};
  for (std::size_t t = 0; t < static_cast<std::size_t>(kNumTensorKinds); ++t) {
    bytes_per_element[t] = t == out ? p.accumulator_bytes : p.operand_bytes;
    const std::uint64_t bytes = weighted.*traffic_of[t] * bytes_per_element[t];
    // Every output write accumulates (the first writes are removed below).
    totals.array_read[t] = bytes;
    if (t == out) totals.array_write[t] = bytes;
  }

  // 2. Tile cycles: max(systolic, each tensor's port time) per tile class, the one part
  // that is not a product; summed as the systolic total plus each class's excess.
  // Usually every port keeps up in every class, which per-dim bounds prove without
  // visiting them. Lower bounds of a class's systolic cycles: with Y its summed stream
  // length, fill_drain + Y (the stream is at least Y; with fold overlap the folds of the
  // unstreamed dims times the overlapped sum are); with Y its fold count, Y x
  // (fill_drain + 1) without fold overlap, fill_drain + Y x rows with it.
  std::array<const BufferPorts*, kNumTensorKinds> ports{};
  for (std::size_t t = 0; t < ports.size(); ++t) ports[t] = &p.ports[static_cast<std::size_t>(p.home[t])];
  bool keeps_up = !units_overflow;
  for (std::size_t t = 0; t < static_cast<std::size_t>(kNumTensorKinds) && keeps_up; ++t) {
    const bool by_stream = traffic_of[t] != &DimFolds::rows_cols;
    std::uint64_t per_y = traffic_of[t] == &DimFolds::stream_cols ? cols_units : rows_units;
    if (!by_stream) keeps_up = !__builtin_mul_overflow(rows_units, cols_units, &per_y);
    const std::uint64_t base = by_stream || array.fold_overlap ? fill_drain : 0;
    const std::uint64_t slope = by_stream ? 1 : array.fold_overlap ? rows : fill_drain + 1;
    keeps_up = keeps_up && ports_keep_up_everywhere(*ports[t], bytes_per_element[t], per_y, t == out, base, slope);
  }
  if (keeps_up) {
    totals.cycles = busy;
    remove_first_output_reads(p, totals);
    return totals;
  }
  std::array<ClassProduct, 1u << kNumDims> product;  // written for every class below
  // A tile class's products over the dims with one part: the same in every class.
  product[0] = ClassProduct{1, 1, 1, {1, 1, 1}};
  for (std::size_t i = 0; i < static_cast<std::size_t>(kNumDims); ++i) {
    if (p.op.dims[i] != 1 && bit_of[i] < 0) product[0] = times(product[0], product_factor(dims[i][0], part_tiles[i][0], role[i]));
  }
  for (int v = 0; v < varying_count; ++v) {
    const std::size_t i = varying[static_cast<std::size_t>(v)];
    const ClassProduct full_part = product_factor(dims[i][0], part_tiles[i][0], role[i]);
    const ClassProduct edge_part = product_factor(dims[i][1], part_tiles[i][1], role[i]);
    const std::uint32_t half = 1u << v;
    for (std::uint32_t j = 0; j < half; ++j) {
      product[j + half] = times(product[j], edge_part);
      product[j] = times(product[j], full_part);
    }
  }
  const std::uint32_t streamed_mask = (1u << varying_streamed) - 1;
  std::uint64_t excess = 0;  // tile cycles beyond the systolic ones, over all tiles
  for (std::uint32_t cls = 0; cls < (1u << varying_count); ++cls) {
    const ClassProduct& c = product[cls];
    const std::uint64_t systolic =
        array.fold_overlap ? fill_drain + c.folds * overlapped[cls & streamed_mask] : c.folds * fill_drain + c.stream;
    std::uint64_t cycles = systolic;
    bool have_regions = false;
    std::array<std::uint64_t, kNumTensorKinds> regions{};
#pragma GCC unroll 3
    for (std::size_t t = 0; t < static_cast<std::size_t>(kNumTensorKinds); ++t) {
      const std::uint64_t bytes = c.traffic[t] * bytes_per_element[t];
      // Most tensors' ports keep up with the array even within one bank.
      if (ports_keep_up(*ports[t], bytes, t == out, cycles)) continue;
      if (!have_regions) {
        DimArray extent;
        for (std::size_t i = 0; i < static_cast<std::size_t>(kNumDims); ++i) {
          extent[i] = part_extent[i][bit_of[i] < 0 ? 0 : (cls >> bit_of[i]) & 1u];
        }
        regions = tile_regions(p.op, extent, p.operand_bytes, p.accumulator_bytes);
        have_regions = true;
      }
      cycles = std::max(cycles, port_cycles(*ports[t], regions[t], bytes, t == out));
    }
    excess += c.tiles * (cycles - systolic);
  }
  totals.cycles = busy + excess;
  remove_first_output_reads(p, totals);
  return totals;
}

}  // namespace sextant
