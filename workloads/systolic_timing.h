// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tlm/core/arch_config.h"
#include "workloads/program.h"

namespace sextant {

/// A class of identical folds inside one compute tile: `count` folds, each using
/// rows_used x cols_used PEs and streaming `stream` vectors through the array.
struct FoldClass {
  std::int64_t rows_used = 1;
  std::int64_t cols_used = 1;
  std::int64_t stream = 1;
  std::int64_t count = 0;
  /// The part of `stream` along the tile's command_dim (1 if that dim does not stream):
  /// the fold streams stream / run runs of it (pe_array.compute_command_rows).
  std::int64_t run = 1;
};

/// The dim a compute command streams along: the output row (Q, width) of a convolution,
/// whose commands never cross a row (Gemmini's LoopConv), the rows of M (P) of a matrix
/// multiply (LoopMatmul).
Dim compute_command_dim(OpKind kind);

/// Splits a compute tile into fold classes. Every dim is cut into chunks of
/// rows x cols x stream factor; the last chunk of a dim may be an edge chunk. The folds
/// are the cross product of the dims' chunks (at most two classes per dim).
std::vector<FoldClass> fold_classes(const ComputeTile& tile);

/// The same classes without allocating (the analytical model's hot path): at most two
/// classes per dim, so at most 2^8. Keep it off SystemC thread stacks (8 KiB).
struct FoldClassList {
  static constexpr std::size_t kCapacity = std::size_t{1} << kNumDims;
  std::array<FoldClass, kCapacity> items;
  std::size_t size = 0;
};
void fold_classes(const ComputeTile& tile, FoldClassList& out);

/// Cycles of one compute tile on an R x C array (R, C = the physical array, because
/// operands and partial sums cross the whole array whatever part of it a fold uses):
///   without fold overlap:  sum over folds of  R + T_f + (R + C - 2)
///        (preload R cycles, stream T_f vectors, fill/drain skew R + C - 2)
///   with fold overlap:     R + sum over folds of max(T_f, R) + (R + C - 2)
///        (the next fold's preload hides under the current stream; only the first
///         preload and the last drain are exposed)
///   with compute commands (pe_array.compute_command_rows = N > 0, M = its min cycles):
///        sum over folds of  max(R, I_1) + sum over the other commands of max(I_j, M)
///        (each run of the command dim cut into commands of at most N rows I_j; the
///         first command of a fold loads its stationary operand; no fill or drain: the
///         next tile's commands follow through the pipeline)
/// For OS the "preload" is the drain of the previous fold's outputs; for IS it is the
/// preload of the stationary inputs. This is SCALE-Sim's 2R + C + T - 2 per fold.
std::uint64_t systolic_cycles(const PeArrayConfig& array, const std::vector<FoldClass>& folds);
/// Cycles from a row entering the array to its last result leaving it (rows + cols - 1):
/// how long a compute command's tag stays in Gemmini's mesh after its stream
/// (pe_array.compute_commands_in_flight).
std::int64_t array_latency_cycles(const PeArrayConfig& array);
/// Cycles a tile's last results still travel through the array after systolic_cycles()
/// when compute commands pipeline (pe_array.compute_command_rows > 0): the skew R + C - 2,
/// which a store of those results waits for and the next tile's commands do not. 0 in the
/// other modes, whose formula already holds the drain.
std::uint64_t pipeline_drain_cycles(const PeArrayConfig& array);
std::uint64_t systolic_cycles(const PeArrayConfig& array, const FoldClass* folds, std::size_t count);

/// Bytes the array moves between itself and the buffers for one tile, per tensor.
struct ArrayTraffic {
  std::uint64_t read_bytes[kNumTensorKinds] = {0, 0, 0};
  std::uint64_t write_bytes[kNumTensorKinds] = {0, 0, 0};
  std::uint64_t macs = 0;
  std::uint64_t folds = 0;
};
/// Per fold: the stationary tensor moves rows x cols elements; the operand entering along
/// the rows moves T x rows; the one along the columns T x cols. Outputs are read back
/// only when they accumulate onto earlier partial sums.
ArrayTraffic array_traffic(const PeArrayConfig& array, const ComputeTile& tile,
                           const std::vector<FoldClass>& folds);
ArrayTraffic array_traffic(const PeArrayConfig& array, const ComputeTile& tile, const FoldClass* folds,
                           std::size_t count);

}  // namespace sextant
