// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/analytical_model.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "models/analytical/halo_sum.h"
#include "models/analytical/memory_path.h"
#include "models/analytical/tile_compute.h"
#include "tlm/core/config_error.h"
#include "workloads/compiler.h"
#include "workloads/core_split.h"
#include "workloads/mapping_validity.h"
#include "workloads/systolic_timing.h"
#include "workloads/vector_compiler.h"

namespace sextant {
namespace {

constexpr int kNoChange = kNumDims;  // "the tensor's tile never changes"

/// The DRAM-level loop nest as the compiler walks it: positions innermost first. Only
/// the loops that run more than once are kept: a loop of one trip changes no tile, adds
/// no transition and multiplies every count by one. Positions past `positions` hold a
/// loop of one trip that indexes nothing, so fixed-length loops may run over all of them.
struct DramNest {
  int positions = 0;                           ///< loops with more than one trip
  std::array<std::int64_t, kNumDims> trips{};  ///< trip count at each position
  /// Bit t at a position: its dim indexes tensor t (dim_relevant()).
  std::array<unsigned, kNumDims> relevant{};
  DramTiling tiling;                           ///< tile extent and trip count per dim
};

/// dim_relevant() of each tensor as bits (bit t: TensorKind t), by Dim: looked up for
/// every DRAM loop position of every evaluated mapping.
constexpr std::array<unsigned, kNumDims> kRelevantTo = [] {
  std::array<unsigned, kNumDims> bits{};
  for (const Dim d : kAllDims) {
    for (const TensorKind t : kAllTensorKinds) {
      if (dim_relevant(t, d)) bits[static_cast<std::size_t>(d)] |= 1u << static_cast<unsigned>(t);
    }
  }
  return bits;
}();

DramNest dram_nest(const Op& op, const Mapping& mapping) {
  DramNest nest;
  nest.trips.fill(1);
  const LevelMapping& dram = mapping.levels.front();
  unsigned placed = 0;  // bit per Dim
  // Written at the next position whatever its trips; the position is kept only when the
  // loop runs more than once (no branch: which loops run once varies from one mapping to
  // the next). The ninth write of a full nest lands in the spare entry.
  std::array<std::int64_t, kNumDims + 1> trips;
  std::array<unsigned, kNumDims + 1> relevant;
  trips.fill(1);
  relevant.fill(0);
  const auto place = [&](Dim dim) {
    const auto d = static_cast<std::size_t>(dim);
    placed |= 1u << d;
    trips[static_cast<std::size_t>(nest.positions)] = dram.temporal[d];
    relevant[static_cast<std::size_t>(nest.positions)] = kRelevantTo[d];
    nest.positions += static_cast<int>(dram.temporal[d] > 1);
  };
  for (char letter : dram.permutation) {
    Dim dim;
    if (dim_from_letter(letter, dim) && ((placed >> static_cast<unsigned>(dim)) & 1u) == 0) place(dim);
  }
  for (Dim d : kAllDims) {
    if (((placed >> static_cast<unsigned>(d)) & 1u) == 0) place(d);
  }
  // Past the kept positions: one trip, relevant to nothing (the last write may have left
  // a loop of one trip there).
#pragma GCC unroll 8
  for (int p = 0; p < kNumDims; ++p) {
    const bool kept = p < nest.positions;
    nest.trips[static_cast<std::size_t>(p)] = kept ? trips[static_cast<std::size_t>(p)] : 1;
    nest.relevant[static_cast<std::size_t>(p)] = kept ? relevant[static_cast<std::size_t>(p)] : 0u;
  }
  // The DRAM tile: every factor inside the DRAM level (Mapping::inner_extent(0, d); the
  // spatial fan-out is always inside it), computed in one pass.
  // Level by level for all dims at once (the inner loop unrolls).
  DimArray extent;
#pragma GCC unroll 8
  for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) extent[d] = mapping.spatial.rows[d] * mapping.spatial.cols[d];
  for (std::size_t l = 1; l < mapping.levels.size(); ++l) {
    const DimArray& temporal = mapping.levels[l].temporal;
#pragma GCC unroll 8
    for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) extent[d] *= temporal[d];
  }
#pragma GCC unroll 8
  for (std::size_t d = 0; d < static_cast<std::size_t>(kNumDims); ++d) {
    nest.tiling.tile[d] = std::min(extent[d], op.dims[d]);
    nest.tiling.trips[d] = dram.temporal[d];
  }
  return nest;
}

/// How a tensor's tile changes as the DRAM loops run (the compiler loads a tile only when
/// its box differs from the resident one).
struct Reuse {
  int first_change = kNoChange;  ///< innermost position whose loop changes the tile
  std::uint64_t visits = 1;      ///< times a new tile becomes resident
  std::uint64_t distinct = 1;    ///< distinct tiles (product of the relevant trip counts)
  std::uint64_t refetch = 1;     ///< visits / distinct: trips of irrelevant loops outside
};

/// The reuse of every tensor (by TensorKind) in one pass over the positions, without
/// data-dependent branches (they mispredict from one mapping to the next): selects the
/// compiler turns into conditional moves. Every position's loop runs more than once.
/// `reload`: inputs and weights move in on every DRAM iteration, changed or not
/// (controller.reload_unchanged_tiles), as if every loop changed them.
std::array<Reuse, kNumTensorKinds> reuse_of(const DramNest& nest, bool reload) {
  std::array<Reuse, kNumTensorKinds> reuse{};
  // 1 from the first position changing the tile.
  std::array<std::uint64_t, kNumTensorKinds> started{reload, reload, 0};
  static_assert(static_cast<int>(TensorKind::kInputs) == 0 && static_cast<int>(TensorKind::kWeights) == 1);
  if (reload && nest.positions > 0) reuse[0].first_change = reuse[1].first_change = 0;
#pragma GCC unroll 8
  for (int p = 0; p < kNumDims; ++p) {  // all eight: the ones past `positions` change nothing
    const auto i = static_cast<std::size_t>(p);
    const auto trips = static_cast<std::uint64_t>(nest.trips[i]);
#pragma GCC unroll 3
    for (std::size_t t = 0; t < reuse.size(); ++t) {
      // Selects written as arithmetic on 0/1 values: as ?: the compiler made some of them
      // branches, which mispredict from one mapping to the next.
      const std::uint64_t relevant = (nest.relevant[i] >> t) & 1u;
      const std::uint64_t starts = relevant & (started[t] ^ 1u);
      reuse[t].first_change += static_cast<int>(starts) * (p - reuse[t].first_change);
      started[t] |= starts;
      const std::uint64_t extra = started[t] * (trips - 1);  // counted = 1 + extra
      reuse[t].visits *= 1 + extra;
      reuse[t].distinct *= 1 + relevant * extra;
      reuse[t].refetch *= 1 + (relevant ^ 1u) * extra;
    }
  }
  return reuse;
}

/// Contiguous runs of a row-major box: dims merge from the innermost outwards while the
/// box spans them fully. Estimated on a full interior tile.
std::uint64_t runs_of(const std::array<std::int64_t, 5>& shape, const std::array<std::int64_t, 5>& extent, int rank) {
  int i = rank - 1;
  while (i > 0 && extent[static_cast<std::size_t>(i)] >= shape[static_cast<std::size_t>(i)]) --i;
  std::uint64_t runs = 1;
  for (int k = 0; k < i; ++k) runs *= static_cast<std::uint64_t>(std::max<std::int64_t>(extent[static_cast<std::size_t>(k)], 1));
  return runs;
}

/// The whole estimate; only the compute side has two implementations (tile_compute.h).
/// The parts with a closed form and a reference: the compute side (tile_compute.h) and
/// the input halo sums (halo_sum.h).
struct ModelPaths {
  ComputeTotals (*compute_totals)(const PreparedOp&, const Mapping&, const DramTiling&);
  std::uint64_t (*halo_sum)(const HaloAxis&);
};
constexpr ModelPaths kFastPaths{compute_totals_separable, halo_sum};
constexpr ModelPaths kReferencePaths{compute_totals_by_tile_classes, halo_sum_by_tiles};

AnalyticalEstimate estimate_with(const PreparedOp& prepared, const Mapping& mapping, const ModelPaths& paths) {
  const Op& op = prepared.op;
  const ArchConfig& arch = prepared.arch;
  const std::uint64_t ob = prepared.operand_bytes;
  const DramNest nest = dram_nest(op, mapping);
  const ComputeTotals compute = paths.compute_totals(prepared, mapping, nest.tiling);

  AnalyticalEstimate e;
  e.buffer_count = static_cast<int>(arch.buffers.size());
  e.macs = compute.macs;
  e.tiles = 1;
  for (std::int64_t trips : nest.trips) e.tiles *= static_cast<std::uint64_t>(trips);

  // DRAM traffic: every visit of a tile moves the part of its box inside the tensor.
  const std::array<Reuse, kNumTensorKinds> reuse = reuse_of(nest, prepared.reload_unchanged_tiles);
  const Reuse& in = reuse[static_cast<std::size_t>(TensorKind::kInputs)];
  const Reuse& wt = reuse[static_cast<std::size_t>(TensorKind::kWeights)];
  Reuse out = reuse[static_cast<std::size_t>(TensorKind::kOutputs)];
  if (prepared.output_buffer_keeps_partial_sums && keeps_partial_sums(op, mapping, arch)) {
    out.visits = out.distinct;  // partial sums stay on chip: one store per output tile
    out.refetch = 1;
  }
  const DimArray& tile = nest.tiling.tile;
  const DimArray& trips = nest.tiling.trips;
  const auto g = static_cast<std::uint64_t>(op.dim(Dim::G));
  const auto c = static_cast<std::uint64_t>(op.dim(Dim::C));
  // Channel extents summed over the (G, C) tiles: (ext_g - 1) * C + ext_c per tile.
  const std::uint64_t channel_sum =
      static_cast<std::uint64_t>(at(trips, Dim::C)) * c * (g - static_cast<std::uint64_t>(at(trips, Dim::G))) +
      static_cast<std::uint64_t>(at(trips, Dim::G)) * c;
  const std::uint64_t h_sum = paths.halo_sum({op.dim(Dim::P), at(tile, Dim::P), at(trips, Dim::P), op.dim(Dim::R),
                                              at(tile, Dim::R), at(trips, Dim::R), op.stride_h, op.dilation_h, op.pad_h,
                                              op.input_h()});
  const std::uint64_t w_sum = paths.halo_sum({op.dim(Dim::Q), at(tile, Dim::Q), at(trips, Dim::Q), op.dim(Dim::S),
                                              at(tile, Dim::S), at(trips, Dim::S), op.stride_w, op.dilation_w, op.pad_w,
                                              op.input_w()});
  const std::uint64_t input_bytes = in.refetch * static_cast<std::uint64_t>(op.dim(Dim::N)) * h_sum * w_sum *
                                    channel_sum * ob;
  const std::uint64_t weight_bytes = wt.refetch * prepared.weight_bytes;
  const std::uint64_t output_bytes = prepared.output_bytes;
  // The last store of each output leaves at output precision (compiler.cpp: flush_output).
  const std::uint64_t store_bytes = (out.refetch - 1) * output_bytes + prepared.final_output_bytes;
  const std::uint64_t reload_bytes = (out.refetch - 1) * output_bytes;
  const std::uint64_t reloads = out.visits - out.distinct;
  e.loads = in.visits + wt.visits + reloads;
  e.stores = out.visits;
  e.dram_read_bytes = input_bytes + weight_bytes + reload_bytes;
  e.dram_write_bytes = store_bytes;

  // Buffer traffic: DMA fills and drains plus the array's operand streams.
  const std::array<int, kNumTensorKinds>& home = prepared.home;
  const int in_buffer = home[static_cast<std::size_t>(TensorKind::kInputs)];
  const int wt_buffer = home[static_cast<std::size_t>(TensorKind::kWeights)];
  const int out_buffer = home[static_cast<std::size_t>(TensorKind::kOutputs)];
  e.buffer_write_bytes[static_cast<std::size_t>(in_buffer)] += input_bytes;
  e.buffer_write_bytes[static_cast<std::size_t>(wt_buffer)] += weight_bytes;
  e.buffer_write_bytes[static_cast<std::size_t>(out_buffer)] += reload_bytes;
  e.buffer_read_bytes[static_cast<std::size_t>(out_buffer)] += store_bytes;
  for (int t = 0; t < kNumTensorKinds; ++t) {
    const auto b = static_cast<std::size_t>(home[static_cast<std::size_t>(t)]);
    e.buffer_read_bytes[b] += compute.array_read[static_cast<std::size_t>(t)];
    e.buffer_write_bytes[b] += compute.array_write[static_cast<std::size_t>(t)];
  }

  // Requests: runs of a full interior tile, per visit. A core's part lives in the whole
  // op's tensors: its rows are that tensor's rows.
  const Op& tensors = prepared.tensors;
  const std::int64_t in_h = (at(tile, Dim::P) - 1) * op.stride_h + (at(tile, Dim::R) - 1) * op.dilation_h + 1;
  const std::int64_t in_w = (at(tile, Dim::Q) - 1) * op.stride_w + (at(tile, Dim::S) - 1) * op.dilation_w + 1;
  // One DMA request per contiguous run, or per row piece when the DMA moves rows; DMA
  // commands as group_into_commands forms them from those rows.
  struct Requests {
    std::uint64_t requests;
    double commands;  // 0: requests / command_requests (rows are not split)
  };
  const auto requests_of = [&](const std::array<std::int64_t, 5>& shape, const std::array<std::int64_t, 5>& extent,
                               int rank, std::uint64_t element_bytes) -> Requests {
    if (arch.dma.row_bytes == 0) return {runs_of(shape, extent, rank), 0.0};
    std::array<std::int64_t, 5> valid{};
    for (std::size_t i = 0; i < static_cast<std::size_t>(rank); ++i) valid[i] = std::clamp<std::int64_t>(extent[i], 1, shape[i]);
    const CommandGrid grid = command_grid(shape, valid, rank, static_cast<int>(element_bytes), arch.dma.row_bytes);
    return {grid.requests(), static_cast<double>(grid.commands(static_cast<std::uint32_t>(std::max(arch.dma.command_requests, 1))))};
  };
  const std::uint64_t ab = prepared.accumulator_bytes;
  const Requests in_runs = requests_of({op.dim(Dim::N), op.input_h(), op.input_w(), op.dim(Dim::G) * op.dim(Dim::C), 0},
                                       {at(tile, Dim::N), std::min(in_h, op.input_h()), std::min(in_w, op.input_w()),
                                        (at(tile, Dim::G) - 1) * op.dim(Dim::C) + at(tile, Dim::C), 0}, 4, ob);
  const Requests wt_runs = requests_of({op.dim(Dim::G), op.dim(Dim::R), op.dim(Dim::S), op.dim(Dim::C), tensors.dim(Dim::K)},
                                       {at(tile, Dim::G), at(tile, Dim::R), at(tile, Dim::S), at(tile, Dim::C), at(tile, Dim::K)}, 5, ob);
  const Requests out_runs = requests_of({op.dim(Dim::N), tensors.dim(Dim::P), tensors.dim(Dim::Q),
                                         op.dim(Dim::G) * tensors.dim(Dim::K), 0},
                                        {at(tile, Dim::N), at(tile, Dim::P), at(tile, Dim::Q),
                                         (at(tile, Dim::G) - 1) * op.dim(Dim::K) + at(tile, Dim::K), 0}, 4, ab);
  e.memory_requests = in.visits * in_runs.requests + wt.visits * wt_runs.requests + (reloads + out.visits) * out_runs.requests;

  // Latency. Compute: every tile at the longer of the systolic formula and its buffer ports.
  e.busy_cycles = compute.busy;
  e.bank_port_cycles = compute.cycles - compute.busy;
  double memory_cycles = 0.0;
  const MemoryPath& path = prepared.memory;
  if (!path.ideal) {
    // Average transfer per visit of each tensor.
    const double in_load = transfer_cycles(path, static_cast<double>(input_bytes) / static_cast<double>(in.visits),
                                           static_cast<double>(in_runs.requests), in_runs.commands);
    const double wt_load = transfer_cycles(path, static_cast<double>(weight_bytes) / static_cast<double>(wt.visits),
                                           static_cast<double>(wt_runs.requests), wt_runs.commands);
    const double out_tile_bytes = static_cast<double>(output_bytes) / static_cast<double>(out.distinct);
    const double store = transfer_cycles(path, out_tile_bytes, static_cast<double>(out_runs.requests), out_runs.commands);
    const double reload_share = out.visits > 1 ? static_cast<double>(reloads) / static_cast<double>(out.visits - 1) : 0.0;
    const auto double_buffered = [&](TensorKind t) {
      // A valid mapping's levels are DRAM, the buffers in arch order, Registers.
      return mapping.levels[static_cast<std::size_t>(home[static_cast<std::size_t>(t)]) + 1].double_buffer;
    };
    const bool in_db = double_buffered(TensorKind::kInputs);
    const bool wt_db = double_buffered(TensorKind::kWeights);
    const bool out_db = double_buffered(TensorKind::kOutputs);
    const double tile_compute = static_cast<double>(compute.cycles) / static_cast<double>(e.tiles);
    const double bandwidth = path.shared_bytes_per_cycle;

    // Per visit, computed once (they were divided again in every loop position below).
    const double in_visit_bytes = static_cast<double>(input_bytes) / static_cast<double>(in.visits);
    const double wt_visit_bytes = static_cast<double>(weight_bytes) / static_cast<double>(wt.visits);
    const double out_visit_bytes = (1.0 + reload_share) * out_tile_bytes;
    const double reload = reload_share * store;

    // Prologue: the first tile's inputs and weights; epilogue: the last tile's outputs.
    double total = in_load + wt_load + tile_compute + store;
    // Each transition between consecutive tiles, grouped by the loop position that moves.
    std::uint64_t outer = 1;  // trips of every position outside p
    for (int p = nest.positions - 1; p >= 0; --p) {
      const auto tp = static_cast<std::uint64_t>(nest.trips[static_cast<std::size_t>(p)]);
      const std::uint64_t transitions = (tp - 1) * outer;
      outer *= tp;
      double overlapped = 0.0, serial = 0.0, bytes = 0.0;
      if (in.first_change <= p) {
        (in_db ? overlapped : serial) += in_load;
        bytes += in_visit_bytes;
      }
      if (wt.first_change <= p) {
        (wt_db ? overlapped : serial) += wt_load;
        bytes += wt_visit_bytes;
      }
      double store_side = 0.0;
      if (out.first_change <= p) {
        // The previous tile's store, and a reload when this output tile was seen before.
        store_side = store;
        (out_db ? overlapped : serial) += reload;
        bytes += out_visit_bytes;
      }
      // Loads queue on the load channel; the store runs on its own channel; both share the
      // memory's bandwidth.
      const double shared = bytes / bandwidth;
      double step;
      if (out_db) {
        step = std::max({tile_compute, overlapped, store_side, shared}) + serial;
      } else {
        step = std::max({tile_compute, overlapped, shared}) + serial + store_side;
      }
      total += static_cast<double>(transitions) * step;
    }
    memory_cycles = std::max(0.0, total - static_cast<double>(compute.cycles));
  }
  e.memory_stall_cycles = static_cast<std::uint64_t>(std::llround(memory_cycles));
  const std::uint64_t without_issue = compute.cycles + e.memory_stall_cycles;
  // The first COMPUTE is issued after the first two LOADs (inputs, weights) and the host's
  // cost of the first tile: the array waits for those before anything else can hide them.
  // Each tile (one COMPUTE) costs the host tile_issue_cycles once.
  const auto issue = static_cast<std::uint64_t>(command_issue_cycles(op.kind, arch.controller));
  const auto per_tile = static_cast<std::uint64_t>(tile_issue_cycles(op.kind, arch.controller));
  const std::uint64_t issue_prologue = 3 * issue + per_tile;
  const std::uint64_t issue_bound = e.commands() * issue + e.tiles * per_tile;
  e.issue_stall_cycles = issue_prologue;
  if (issue_bound > without_issue + issue_prologue) e.issue_stall_cycles = issue_bound - without_issue;
  e.latency_cycles = without_issue + e.issue_stall_cycles;
  return e;
}

}  // namespace

PreparedOp::PreparedOp(const Op& op_, const ArchConfig& arch_, const Op* whole, int sharers)
    : op(op_), arch(arch_), tensors(whole != nullptr ? *whole : op_), roles(dataflow_roles(arch_.pe_array.dataflow)),
      operand_bytes(static_cast<std::uint64_t>(arch_.pe_array.operand_bytes())),
      accumulator_bytes(static_cast<std::uint64_t>(arch_.pe_array.accumulator_bytes())),
      output_bytes(static_cast<std::uint64_t>(op_.output_elements()) * accumulator_bytes),
      final_output_bytes(static_cast<std::uint64_t>(op_.output_elements()) *
                         static_cast<std::uint64_t>(arch_.pe_array.output_bytes())),
      weight_bytes(static_cast<std::uint64_t>(op_.weight_elements()) * operand_bytes),
      reload_unchanged_tiles(arch_.controller.reload_unchanged_tiles),
      memory(memory_path(arch_, static_cast<std::uint64_t>(op_.input_elements()) * operand_bytes, weight_bytes, sharers)) {
  if (arch.buffers.size() > static_cast<std::size_t>(kMaxAnalyticalBuffers)) {
    throw ConfigError(SourceLocation{}, "buffers", "at most " + std::to_string(kMaxAnalyticalBuffers) +
                      " buffers for the analytical model", std::to_string(arch.buffers.size()));
  }
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& buffer = arch.buffers[b];
    bank_size[b] = buffer.bank_size_bytes();
    ports[b] = {ExactDivisor(bank_size[b]), ExactDivisor(buffer.bank_width_bytes), static_cast<std::uint64_t>(buffer.banks),
                buffer.ports >= 2, static_cast<std::uint64_t>(buffer.latency_cycles)};
  }
  output_buffer_keeps_partial_sums = arch.buffer_for(TensorKind::kOutputs).keep_partial_sums;
  // validate() guarantees exactly one buffer per tensor.
  for (TensorKind t : kAllTensorKinds) {
    for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
      if (arch.buffers[b].holds.has(t)) home[static_cast<std::size_t>(t)] = static_cast<int>(b);
    }
  }
}

AnalyticalEstimate estimate_op(const PreparedOp& prepared, const Mapping& mapping) {
  return estimate_with(prepared, mapping, kFastPaths);
}

AnalyticalEstimate estimate_op_by_tile_classes(const PreparedOp& prepared, const Mapping& mapping) {
  return estimate_with(prepared, mapping, kReferencePaths);
}

AnalyticalEstimate estimate_op(const Op& op, const Mapping& mapping, const ArchConfig& arch, const Op* whole, int sharers) {
  return estimate_op(PreparedOp(op, arch, whole, sharers), mapping);
}

/// A vector op (pooling, softmax, ...) in closed form: its tiles from compile_vector (no
/// mapping), the vector unit's per-tile formula, and its DRAM traffic at the memory's
/// bandwidth; with double buffering the longer of the two dominates, plus the first load
/// and the last store that nothing overlaps. Ignores buffer bank conflicts, as for PE ops.
OpResult analytical_vector_result(const Op& op, const ArchConfig& arch) {
  const Program program = compile_vector(op, arch);
  OpResult result;
  result.name = op.name;
  result.type = op_kind_name(op.kind);
  result.count = static_cast<std::uint64_t>(op.count);
  std::uint64_t compute = 0;
  double read = 0.0, written = 0.0, runs = 0.0, first_load = 0.0, last_store = 0.0, tiles = 0.0;
  std::vector<ByteRun> run_list;
  const auto operand_bytes = static_cast<std::uint64_t>(arch.pe_array.operand_bytes());
  const MemoryPath path = memory_path(arch, static_cast<std::uint64_t>(op.input_elements()) * operand_bytes,
                                      static_cast<std::uint64_t>(op.weight_elements()) * operand_bytes);
  for (const Command& command : program.commands) {
    if (command.kind == CommandKind::kVector) compute += vector_tile_cycles(arch.vector_unit, command.vector.op);
    tiles += command.starts_tile ? 1.0 : 0.0;
    if (command.kind != CommandKind::kLoad && command.kind != CommandKind::kStore) continue;
    const double bytes = static_cast<double>(command.transfer.box.valid_bytes());
    run_list.clear();
    for_each_run(command.transfer.box, run_list);
    runs += static_cast<double>(run_list.size());
    if (command.kind == CommandKind::kLoad) {
      read += bytes;
      if (first_load == 0.0) first_load = transfer_cycles(path, bytes, static_cast<double>(run_list.size()));
    } else {
      written += bytes;
      last_store = transfer_cycles(path, bytes, static_cast<double>(run_list.size()));
    }
  }
  const double transfer = transfer_cycles(path, read + written, runs);
  // The host issues every command (and pays its per-tile cost) in order; a host slower than
  // the vector unit and the memory bounds the op.
  const double host =
      static_cast<double>(program.commands.size()) * static_cast<double>(command_issue_cycles(op.kind, arch.controller)) +
      tiles * static_cast<double>(tile_issue_cycles(op.kind, arch.controller));
  const double latency =
      std::max(std::max(static_cast<double>(compute), transfer) + first_load + last_store, host);
  result.latency_cycles = static_cast<std::uint64_t>(std::llround(latency));
  result.latency_ns = static_cast<double>(result.latency_cycles) * arch.cycle_ns();
  result.commands = program.commands.size();
  result.memory_requests = static_cast<std::uint64_t>(runs);
  result.vector_element_ops = program.vector_element_ops;
  result.bytes_read["DRAM"] = static_cast<std::uint64_t>(read);
  result.bytes_written["DRAM"] = static_cast<std::uint64_t>(written);
  result.stall_cycles[stall::kDramBandwidth] = result.latency_cycles > compute ? result.latency_cycles - compute : 0;
  result.stall_cycles[stall::kBankConflict] = 0;
  result.stall_cycles[stall::kDependency] = 0;
  result.stall_cycles[stall::kIssue] = 0;
  result.busy_cycles["vector_unit"] = compute;
  return result;
}

namespace {

/// One core's op (no split) as an OpResult; `whole`: the op it is a part of, if any.
/// `sharers`: cores moving data at the same time (memory_path()).
OpResult single_core_result(const Op& op, const Mapping& mapping, const ArchConfig& arch, const Op* whole = nullptr,
                            int sharers = 1) {
  const AnalyticalEstimate e = estimate_op(op, mapping, arch, whole, sharers);
  OpResult result;
  result.name = op.name;
  result.type = op_kind_name(op.kind);
  result.count = static_cast<std::uint64_t>(op.count);
  result.latency_cycles = e.latency_cycles;
  result.latency_ns = static_cast<double>(e.latency_cycles) * arch.cycle_ns();
  result.macs = e.macs;
  const double pes = static_cast<double>(arch.pe_array.rows) * arch.pe_array.cols;
  result.utilization = e.latency_cycles == 0 ? 0.0 : static_cast<double>(e.macs) / (static_cast<double>(e.latency_cycles) * pes);
  result.commands = e.commands();
  result.memory_requests = e.memory_requests;
  result.bytes_read["DRAM"] = e.dram_read_bytes;
  result.bytes_written["DRAM"] = e.dram_write_bytes;
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    result.bytes_read[arch.buffers[b].name] = e.buffer_read_bytes[b];
    result.bytes_written[arch.buffers[b].name] = e.buffer_write_bytes[b];
  }
  result.stall_cycles[stall::kDramBandwidth] = e.memory_stall_cycles;
  result.stall_cycles[stall::kBankConflict] = e.bank_port_cycles;
  result.stall_cycles[stall::kDependency] = 0;
  result.stall_cycles[stall::kIssue] = e.issue_stall_cycles;
  result.busy_cycles["pe_array"] = e.busy_cycles;
  return result;
}

/// An op split across cores: each part estimated on its own (parts of equal shape once),
/// work and traffic summed, latency and cycle breakdown those of the slowest part, as
/// the TLM model reports the core that finishes last.
OpResult split_result(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  const Mapping part_mapping = core_mapping(mapping);
  const std::vector<CoreShare> shares = core_shares(op, mapping);
  // The parts run at the same time and move data at the same moments, so each gets its
  // share of what they all go through: the memory side and the NoC's ports to it.
  const int sharers = static_cast<int>(shares.size());
  std::vector<std::pair<DimArray, OpResult>> seen;
  OpResult total;
  const OpResult* slowest = nullptr;
  for (const CoreShare& share : shares) {
    auto match = std::find_if(seen.begin(), seen.end(), [&](const auto& entry) { return entry.first == share.op.dims; });
    if (match == seen.end()) {
      seen.emplace_back(share.op.dims, single_core_result(share.op, part_mapping, arch, &op, sharers));
      match = std::prev(seen.end());
    }
    const OpResult& part = match->second;
    total.macs += part.macs;
    total.commands += part.commands;
    total.memory_requests += part.memory_requests;
    for (const auto& [level, bytes] : part.bytes_read) total.bytes_read[level] += bytes;
    for (const auto& [level, bytes] : part.bytes_written) total.bytes_written[level] += bytes;
  }
  for (const auto& entry : seen) {
    if (slowest == nullptr || entry.second.latency_cycles > slowest->latency_cycles) slowest = &entry.second;
  }
  total.latency_cycles = slowest->latency_cycles;
  total.stall_cycles = slowest->stall_cycles;
  total.busy_cycles = slowest->busy_cycles;
  return total;
}

/// What the cores share: the memory's bandwidth (when several cores use it) and the NoC,
/// whose busiest links are the memory controllers' ports (each carries 1/MCs of the
/// traffic at link_bytes_per_cycle; a bus carries all of it). Time beyond the cores' own
/// latency is booked as a dram_bandwidth or noc stall.
void add_shared_bounds(OpResult& result, const ArchConfig& arch, std::int64_t parts) {
  const double bytes = static_cast<double>(result.bytes_read["DRAM"] + result.bytes_written["DRAM"]);
  const bool ideal = arch.memory.model == MemoryModel::kIdeal;
  const auto extend = [&](double bound, const char* cause) {
    const auto cycles = static_cast<std::uint64_t>(std::llround(std::ceil(bound)));
    if (cycles <= result.latency_cycles) return;
    result.stall_cycles[cause] += cycles - result.latency_cycles;
    result.latency_cycles = cycles;
  };
  if (!ideal && parts > 1) extend(bytes / memory_bytes_per_cycle(arch), stall::kDramBandwidth);
  if (arch.noc) {
    result.stall_cycles[stall::kNoc] += 0;
    const double ports = arch.noc->topology == NocTopology::kBus
                             ? 1.0
                             : static_cast<double>(arch.noc->memory_controllers.size());
    const double busiest = ideal ? 0.0 : bytes / ports / arch.noc->link_bytes_per_cycle;
    result.busy_cycles["noc"] = static_cast<std::uint64_t>(std::llround(busiest));
    extend(busiest, stall::kNoc);
  }
}

}  // namespace

OpResult analytical_op_result(const Op& op, const Mapping& mapping, const ArchConfig& arch) {
  OpResult result;
  if (is_vector_op(op.kind)) {
    result = analytical_vector_result(op, arch);
  } else if (mapping.cores_used() > 1) {
    result = split_result(op, mapping, arch);
  } else {
    result = single_core_result(op, mapping, arch);
  }
  add_shared_bounds(result, arch, is_vector_op(op.kind) ? 1 : mapping.cores_used());
  result.name = op.name;
  result.type = op_kind_name(op.kind);
  result.count = static_cast<std::uint64_t>(op.count);
  result.latency_ns = static_cast<double>(result.latency_cycles) * arch.cycle_ns();
  const double pes = static_cast<double>(arch.pe_array.rows) * arch.pe_array.cols * arch.cores();
  result.utilization =
      result.latency_cycles == 0 ? 0.0 : static_cast<double>(result.macs) / (static_cast<double>(result.latency_cycles) * pes);
  return result;
}

Result analyze_network(const ArchConfig& arch, const Network& network, const std::vector<Mapping>& mappings) {
  Result result;
  result.provenance.fidelity = "analytical";
  result.total.name = network.name;
  result.total.type = "network";
  const std::uint64_t pes = static_cast<std::uint64_t>(arch.pe_array.rows) * static_cast<std::uint64_t>(arch.pe_array.cols) *
                            static_cast<std::uint64_t>(arch.cores());
  for (std::size_t i = 0; i < network.ops.size(); ++i) {
    OpResult op = analytical_op_result(network.ops[i], mappings.at(i), arch);
    accumulate_into_total(result.total, op, pes);
    result.ops.push_back(std::move(op));
  }
  return result;
}

}  // namespace sextant
