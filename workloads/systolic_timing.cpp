// SPDX-License-Identifier: Apache-2.0
#include "workloads/systolic_timing.h"

#include <algorithm>
#include <array>

#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

enum class Role { kRows, kCols, kStream, kFold };

/// The cycles a compute command occupies the array when the array holds at most
/// `in_flight` commands (Gemmini's mesh keeps one tag per command in a queue of
/// max_simultaneous_matmuls + 1 entries, MeshWithDelays.scala). A command's tag leaves only
/// when the last row of the command after it has left the array, `latency` cycles after
/// it entered; so in a run of like commands of `rows` streamed rows, in_flight - 1 of them
/// share every (rows - 1 + latency) cycles. `cycles` is the command's cost without the
/// limit. in_flight 0: no limit (1 is rejected by the config: it would never free a tag).
std::int64_t command_cost(std::int64_t cycles, std::int64_t rows, std::int64_t in_flight, std::int64_t latency) {
  if (in_flight < 2) return cycles;
  const std::int64_t places = in_flight - 1;
  return std::max(cycles, (rows - 1 + latency + places - 1) / places);
}

/// Cycles of one fold run as compute commands: `runs` runs of `run` rows, each cut into
/// commands of at most `per_command` rows costing max(rows, min_cycles); the first command
/// loads the stationary operand (preload_cycles, as many rows streamed) and costs at least
/// that. Each cost is stretched by command_cost() when the array holds only so many
/// commands.
std::int64_t fold_command_cycles(std::int64_t runs, std::int64_t run, const PeArrayConfig& array,
                                 std::int64_t preload_cycles) {
  const std::int64_t per_command = array.compute_command_rows;
  const std::int64_t min_cycles = array.compute_command_min_cycles;
  const std::int64_t in_flight = array.compute_commands_in_flight;
  const std::int64_t latency = array_latency_cycles(array);
  const auto cost = [&](std::int64_t rows) {
    return command_cost(std::max(rows, min_cycles), rows, in_flight, latency);
  };
  const std::int64_t full = run / per_command;
  const std::int64_t edge = run - full * per_command;
  const std::int64_t per_run = full * cost(per_command) + (edge > 0 ? cost(edge) : 0);
  const std::int64_t first = std::min(run, per_command);
  const std::int64_t preload = command_cost(std::max(preload_cycles, first), std::max(preload_cycles, first),
                                            in_flight, latency);
  return runs * per_run + preload - cost(first);
}

Role role_of(const ComputeTile& tile, Dim dim) {
  if (at(tile.rows, dim) > 1) return Role::kRows;
  if (at(tile.cols, dim) > 1) return Role::kCols;
  if (at(tile.stream, dim) > 1) return Role::kStream;
  return Role::kFold;
}

}  // namespace

Dim compute_command_dim(OpKind kind) {
  return kind == OpKind::kMatmul || kind == OpKind::kFullyConnected ? Dim::P : Dim::Q;
}

void fold_classes(const ComputeTile& tile, FoldClassList& out) {
  out.items[0] = FoldClass{1, 1, 1, 1, 1};
  out.size = 1;
  for (Dim dim : kAllDims) {
    const std::int64_t extent = at(tile.extent, dim);
    const std::int64_t unit = at(tile.rows, dim) * at(tile.cols, dim) * at(tile.stream, dim);
    const std::int64_t chunks = (extent + unit - 1) / unit;
    const std::int64_t edge = extent - (chunks - 1) * unit;
    const Role role = role_of(tile, dim);
    // (chunk extent, how many chunks have it)
    std::pair<std::int64_t, std::int64_t> parts[2];
    std::size_t part_count = 0;
    if (edge == unit) {
      parts[part_count++] = {unit, chunks};
    } else {
      if (chunks > 1) parts[part_count++] = {unit, chunks - 1};
      parts[part_count++] = {edge, 1};
    }
    // Cross product in place, from the back: class c becomes classes c * part_count + p,
    // never below c, so nothing is overwritten before it is read.
    for (std::size_t c = out.size; c-- > 0;) {
      const FoldClass base = out.items[c];
      for (std::size_t p = 0; p < part_count; ++p) {
        const auto [size, count] = parts[p];
        FoldClass fold = base;
        fold.count *= count;
        switch (role) {
          case Role::kRows: fold.rows_used *= size; break;
          case Role::kCols: fold.cols_used *= size; break;
          case Role::kStream:
            fold.stream *= size;
            if (dim == tile.command_dim) fold.run = size;
            break;
          case Role::kFold: break;  // unit is 1: each index is its own fold
        }
        out.items[c * part_count + p] = fold;
      }
    }
    out.size *= part_count;
  }
}

std::vector<FoldClass> fold_classes(const ComputeTile& tile) {
  FoldClassList list;
  fold_classes(tile, list);
  return std::vector<FoldClass>(list.items.begin(), list.items.begin() + static_cast<std::ptrdiff_t>(list.size));
}

std::int64_t array_latency_cycles(const PeArrayConfig& array) {
  // A row entering at cycle 0 has its last result out at rows + cols - 2 (the skewed
  // wavefront: pipeline_drain_cycles), so it occupies the array rows + cols - 1 cycles.
  // Registers at the array's edges (a few cycles in Gemmini) are not counted, here or in
  // the drain.
  return static_cast<std::int64_t>(array.rows) + array.cols - 1;
}

std::uint64_t pipeline_drain_cycles(const PeArrayConfig& array) {
  return array.compute_command_rows > 0 ? static_cast<std::uint64_t>(array_latency_cycles(array) - 1) : 0;
}

std::uint64_t systolic_cycles(const PeArrayConfig& array, const std::vector<FoldClass>& folds) {
  return systolic_cycles(array, folds.data(), folds.size());
}

std::uint64_t systolic_cycles(const PeArrayConfig& array, const FoldClass* first, std::size_t count) {
  const FoldClass* const last = first + count;
  const std::int64_t rows = array.rows;
  const std::int64_t cols = array.cols;
  const std::int64_t skew = rows + cols - 2;
  std::int64_t cycles = 0;
  if (array.compute_command_rows > 0) {
    for (const FoldClass* fold = first; fold != last; ++fold) {
      if (fold->count == 0) continue;
      cycles += fold->count * fold_command_cycles(fold->stream / fold->run, fold->run, array, rows);
    }
  } else if (array.fold_overlap) {
    bool any = false;
    for (const FoldClass* fold_it = first; fold_it != last; ++fold_it) {
      const FoldClass& fold = *fold_it;
      if (fold.count == 0) continue;
      any = true;
      cycles += fold.count * std::max(fold.stream, rows);
    }
    if (any) cycles += rows + skew;
  } else {
    for (const FoldClass* fold = first; fold != last; ++fold) cycles += fold->count * (rows + fold->stream + skew);
  }
  return static_cast<std::uint64_t>(cycles);
}

ArrayTraffic array_traffic(const PeArrayConfig& array, const ComputeTile& tile,
                           const std::vector<FoldClass>& folds) {
  return array_traffic(array, tile, folds.data(), folds.size());
}

ArrayTraffic array_traffic(const PeArrayConfig& array, const ComputeTile& tile, const FoldClass* first,
                           std::size_t count_of_classes) {
  const DataflowRoles roles = dataflow_roles(array.dataflow);
  // Which tensor enters along the rows and which along the columns, by dataflow.
  TensorKind along_rows = TensorKind::kInputs;
  TensorKind along_cols = TensorKind::kOutputs;
  switch (array.dataflow) {
    case Dataflow::kWeightStationary: along_rows = TensorKind::kInputs; along_cols = TensorKind::kOutputs; break;
    case Dataflow::kOutputStationary: along_rows = TensorKind::kInputs; along_cols = TensorKind::kWeights; break;
    case Dataflow::kInputStationary: along_rows = TensorKind::kWeights; along_cols = TensorKind::kOutputs; break;
  }
  const std::uint64_t ob = static_cast<std::uint64_t>(array.operand_bytes());
  const std::uint64_t ab = static_cast<std::uint64_t>(array.accumulator_bytes());
  auto add = [&](ArrayTraffic& traffic, TensorKind kind, std::uint64_t elements) {
    const int k = static_cast<int>(kind);
    if (kind == TensorKind::kOutputs) {
      traffic.write_bytes[k] += elements * ab;
    } else {
      traffic.read_bytes[k] += elements * ob;
    }
  };
  ArrayTraffic traffic;
  for (const FoldClass* fold_it = first; fold_it != first + count_of_classes; ++fold_it) {
    const FoldClass& fold = *fold_it;
    const auto count = static_cast<std::uint64_t>(fold.count);
    const auto r = static_cast<std::uint64_t>(fold.rows_used);
    const auto c = static_cast<std::uint64_t>(fold.cols_used);
    const auto t = static_cast<std::uint64_t>(fold.stream);
    add(traffic, roles.stationary, count * r * c);
    add(traffic, along_rows, count * t * r);
    add(traffic, along_cols, count * t * c);
    traffic.macs += count * r * c * t;
    traffic.folds += count;
  }
  // Every output write after the first one to an element is a read-modify-write.
  const int out = static_cast<int>(TensorKind::kOutputs);
  const std::uint64_t first_writes =
      tile.accumulate ? 0 : static_cast<std::uint64_t>(tile.boxes[static_cast<std::size_t>(out)].elements()) * ab;
  traffic.read_bytes[out] = traffic.write_bytes[out] - std::min(traffic.write_bytes[out], first_writes);
  return traffic;
}

}  // namespace sextant
