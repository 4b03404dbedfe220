// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tlm/core/arch_config.h"
#include "tlm/core/tensor_kind.h"
#include "workloads/op.h"

namespace sextant {

/// A box inside a row-major tensor of rank <= 5. Offsets may be negative and a box may
/// reach past the tensor's end (convolution padding): those elements are zeros that
/// occupy buffer space but never cross the memory bus.
struct TensorBox {
  int rank = 0;
  std::array<std::int64_t, 5> shape{};   ///< whole tensor, outermost first
  std::array<std::int64_t, 5> offset{};  ///< box origin in tensor coordinates
  std::array<std::int64_t, 5> extent{};  ///< box size
  int element_bytes = 1;

  std::int64_t elements() const;           ///< product of extents
  std::uint64_t bytes() const;             ///< buffer footprint (padding included)
  std::uint64_t valid_bytes() const;       ///< part inside the tensor (crosses the bus)
  bool operator==(const TensorBox& other) const;
};

/// Appends the contiguous runs (byte offset in the tensor, byte length) of the valid part
/// of a box, merging dims that are contiguous in memory. One run = one DMA request.
struct ByteRun {
  std::uint64_t tensor_offset;
  std::uint64_t bytes;
};
void for_each_run(const TensorBox& box, std::vector<ByteRun>& runs);
/// Cuts runs into rows of the box's innermost dimension, and rows into pieces of at most
/// row_bytes (0: leaves runs whole): how a DMA that moves a tile row by row (Gemmini's
/// mvin / mvout) issues its memory requests.
void split_into_rows(const TensorBox& box, std::uint32_t row_bytes, std::vector<ByteRun>& runs);
/// The shape of group_into_commands' commands over a box whose valid part has
/// `valid_extent` (rows: every dim but the innermost): rows outside the command dim, along
/// it, inside it, and pieces per row. 0 pieces when rows are not split (row_bytes 0).
struct CommandGrid {
  std::uint64_t outer = 1, length = 1, inside = 1, pieces = 0;
  /// The requests: every row's pieces.
  std::uint64_t requests() const { return outer * length * inside * pieces; }
  /// Commands of at most `command_requests` rows along the command dim.
  std::uint64_t commands(std::uint32_t command_requests) const;
};
CommandGrid command_grid(const std::array<std::int64_t, 5>& shape, const std::array<std::int64_t, 5>& valid_extent,
                         int rank, int element_bytes, std::uint32_t row_bytes);
/// How a DMA that moves a tile in commands of at most `command_requests` rows (Gemmini's
/// mvin / mvout: DIM rows) groups the row pieces split_into_rows made. A command's rows
/// differ only in the box's command dimension (the innermost dimension outside the row
/// whose tensor extent exceeds 1: an image row's pixels, a kernel position's input
/// channels, a matrix's rows) and are the same piece of their rows, as LoopConv's and
/// LoopMatmul's loaders issue them. Reorders `runs` into command order (the dims outside
/// the command dim, its blocks of command_requests rows, the dims inside it, the pieces,
/// then the rows of the block) and writes each run's command into `command_of`. When the
/// runs are not row pieces of the box (row_bytes 0), keeps their order and cuts them into
/// commands of command_requests runs. Returns the number of commands.
std::uint32_t group_into_commands(const TensorBox& box, std::uint32_t row_bytes, std::uint32_t command_requests,
                                  std::vector<ByteRun>& runs, std::vector<std::uint32_t>& command_of);

enum class CommandKind { kLoad, kCompute, kStore, kBarrier, kVector };
const char* command_kind_name(CommandKind kind);

/// A DRAM <-> buffer move of one tensor box. The buffer side is packed densely in the
/// box's row-major order starting at buffer_address.
struct Transfer {
  TensorKind tensor = TensorKind::kInputs;
  std::uint64_t dram_base = 0;  ///< where the whole tensor starts in DRAM
  TensorBox box;
  int buffer = 0;               ///< index into ArchConfig::buffers
  std::uint64_t buffer_address = 0;
};

/// One tile computed on the PE array: the loop-space box it covers, where its operands
/// sit in the buffers, and the inner mapping that fixes its fold structure.
struct ComputeTile {
  DimArray offset{};  ///< tile origin in loop space
  DimArray extent{};  ///< tile size (edge tiles clipped)
  DimArray rows{};    ///< spatial factors on PE rows
  DimArray cols{};    ///< spatial factors on PE columns
  DimArray stream{};  ///< factors streamed through the array per fold
  std::array<TensorBox, kNumTensorKinds> boxes;          ///< operand boxes, by TensorKind
  std::array<int, kNumTensorKinds> buffer{};             ///< buffer holding each operand
  std::array<std::uint64_t, kNumTensorKinds> address{};  ///< its address in that buffer
  bool accumulate = false;  ///< add to the accumulator's contents instead of overwriting
  /// Convolution geometry the array needs to walk the input halo (functional mode).
  int stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  std::int64_t channels_in = 1;   ///< C per group
  std::int64_t channels_out = 1;  ///< K per group
  /// The streamed dim a compute command runs along (compute_command_dim): with
  /// pe_array.compute_command_rows a command covers a run of it, never more.
  Dim command_dim = Dim::Q;
};

/// One tile run on the vector unit: `op` is the tile as an op of its own (same kind, the
/// tile's shape), whose operands sit densely packed at the given buffer addresses in the
/// layouts of op.h (an embedding bag tile's input holds its rows already gathered).
struct VectorTile {
  Op op;
  std::array<std::uint64_t, kNumTensorKinds> bytes{};    ///< operand bytes, by TensorKind (0: unused)
  std::array<int, kNumTensorKinds> buffer{};             ///< buffer holding each operand
  std::array<std::uint64_t, kNumTensorKinds> address{};  ///< its address in that buffer
};

/// One command of a Program. A command may start once every command in deps is done.
struct Command {
  std::uint32_t id = 0;
  CommandKind kind = CommandKind::kBarrier;
  std::vector<std::uint32_t> deps;
  Transfer transfer;     ///< kLoad / kStore
  ComputeTile compute;   ///< kCompute
  VectorTile vector;     ///< kVector
  /// The first command of a DRAM-level tile: the host pays its per-tile cost
  /// (tile_issue_cycles) before issuing it.
  bool starts_tile = false;
};

/// What the compiler produces for one op: commands in issue order, plus where the op's
/// tensors live in DRAM.
struct Program {
  std::string op_name;
  OpKind op_kind = OpKind::kConv;  ///< picks the host's issue cost (command_issue_cycles)
  std::vector<Command> commands;
  std::array<std::uint64_t, kNumTensorKinds> dram_base{};
  std::array<TensorBox, kNumTensorKinds> whole_tensor;  ///< each tensor as one box
  std::uint64_t macs = 0;
  std::uint64_t vector_element_ops = 0;  ///< Op::vector_work() of a vector op
};

/// Cycles the host spends issuing one command of an op of this kind: the controller's
/// matmul_issue_cycles for the matrix multiplies a host runs through its matmul loop
/// (matmul, fully connected), issue_cycles for everything else.
int command_issue_cycles(OpKind kind, const ControllerConfig& controller);
/// Cycles the host spends once per DRAM-level tile of an op of this kind (the
/// controller's matmul_tile_issue_cycles or tile_issue_cycles, picked as above).
int tile_issue_cycles(OpKind kind, const ControllerConfig& controller);

}  // namespace sextant
