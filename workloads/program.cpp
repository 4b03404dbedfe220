// SPDX-License-Identifier: Apache-2.0
#include "workloads/program.h"

#include <algorithm>

namespace sextant {
namespace {

std::uint64_t to_unsigned(std::int64_t value) { return static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)); }

// The part of dim i that lies inside the tensor: [low, high), empty when high <= low.
struct Range {
  std::int64_t low;
  std::int64_t high;
};

Range clipped(const TensorBox& box, std::size_t i) {
  return {std::max<std::int64_t>(box.offset[i], 0), std::min(box.offset[i] + box.extent[i], box.shape[i])};
}

}  // namespace

std::int64_t TensorBox::elements() const {
  std::int64_t product = 1;
  for (std::size_t i = 0; i < static_cast<std::size_t>(rank); ++i) product *= extent[i];
  return product;
}

std::uint64_t TensorBox::bytes() const {
  return to_unsigned(elements()) * to_unsigned(element_bytes);
}

std::uint64_t TensorBox::valid_bytes() const {
  std::uint64_t product = to_unsigned(element_bytes);
  for (std::size_t i = 0; i < static_cast<std::size_t>(rank); ++i) {
    const Range range = clipped(*this, i);
    product *= to_unsigned(range.high - range.low);
  }
  return product;
}

bool TensorBox::operator==(const TensorBox& other) const {
  if (rank != other.rank || element_bytes != other.element_bytes) return false;
  for (std::size_t i = 0; i < static_cast<std::size_t>(rank); ++i) {
    if (shape[i] != other.shape[i] || offset[i] != other.offset[i] || extent[i] != other.extent[i]) {
      return false;
    }
  }
  return true;
}

void for_each_run(const TensorBox& box, std::vector<ByteRun>& runs) {
  const auto rank = static_cast<std::size_t>(box.rank);
  if (box.valid_bytes() == 0 && rank > 0) return;
  if (rank == 0) {
    runs.push_back({0, to_unsigned(box.element_bytes)});
    return;
  }
  // Trailing dims that the box covers exactly (offset 0, extent == shape) are contiguous
  // both in DRAM and in the densely packed buffer, so they merge into one run. A padded
  // dim does not merge even when its valid part is whole: in the buffer, its padding
  // separates consecutive rows.
  std::size_t first_merged = rank;
  while (first_merged > 1 && box.offset[first_merged - 1] == 0 &&
         box.extent[first_merged - 1] == box.shape[first_merged - 1]) {
    --first_merged;
  }
  // Dim (first_merged - 1) is the run's outermost dim; it may be clipped.
  const std::size_t run_dim = first_merged - 1;
  std::array<std::uint64_t, 5> stride{};  // in elements
  stride[rank - 1] = 1;
  for (std::size_t i = rank - 1; i > 0; --i) stride[i - 1] = stride[i] * to_unsigned(box.shape[i]);
  const auto element = to_unsigned(box.element_bytes);
  const Range run_range = clipped(box, run_dim);
  const std::uint64_t run_bytes = to_unsigned(run_range.high - run_range.low) * stride[run_dim] * element;

  // Odometer over the dims outside the run, each within its clipped range.
  std::array<Range, 5> ranges{};
  std::array<std::int64_t, 5> index{};
  for (std::size_t i = 0; i < run_dim; ++i) {
    ranges[i] = clipped(box, i);
    index[i] = ranges[i].low;
  }
  while (true) {
    std::uint64_t offset = to_unsigned(run_range.low) * stride[run_dim];
    for (std::size_t i = 0; i < run_dim; ++i) offset += to_unsigned(index[i]) * stride[i];
    runs.push_back({offset * element, run_bytes});
    std::size_t i = run_dim;
    while (i > 0) {
      --i;
      if (++index[i] < ranges[i].high) break;
      index[i] = ranges[i].low;
      if (i == 0) return;
    }
    if (run_dim == 0) return;
  }
}

const char* command_kind_name(CommandKind kind) {
  switch (kind) {
    case CommandKind::kLoad:
      return "load";
    case CommandKind::kCompute:
      return "compute";
    case CommandKind::kStore:
      return "store";
    case CommandKind::kBarrier:
      return "barrier";
    case CommandKind::kVector:
      return "vector";
  }
  return "?";
}

void split_into_rows(const TensorBox& box, std::uint32_t row_bytes, std::vector<ByteRun>& runs) {
  if (row_bytes == 0 || box.rank == 0) return;
  const auto last = static_cast<std::size_t>(box.rank - 1);
  const std::int64_t low = std::max<std::int64_t>(box.offset[last], 0);
  const std::int64_t high = std::min(box.offset[last] + box.extent[last], box.shape[last]);
  const std::uint64_t row = to_unsigned(std::max<std::int64_t>(high - low, 1)) * to_unsigned(box.element_bytes);
  std::vector<ByteRun> pieces;
  pieces.reserve(runs.size());
  for (const ByteRun& run : runs) {
    // Runs start at a row start; a run spanning whole rows is a multiple of a row.
    for (std::uint64_t start = 0; start < run.bytes; start += row) {
      const std::uint64_t row_end = std::min(start + row, run.bytes);
      for (std::uint64_t piece = start; piece < row_end; piece += row_bytes) {
        pieces.push_back({run.tensor_offset + piece, std::min<std::uint64_t>(row_bytes, row_end - piece)});
      }
    }
  }
  runs.swap(pieces);
}

CommandGrid command_grid(const std::array<std::int64_t, 5>& shape, const std::array<std::int64_t, 5>& valid_extent,
                         int rank, int element_bytes, std::uint32_t row_bytes) {
  CommandGrid grid;
  if (rank < 2 || row_bytes == 0) return grid;
  const auto r = static_cast<std::size_t>(rank);
  std::size_t command_dim = r - 2;
  while (command_dim > 0 && shape[command_dim] <= 1) --command_dim;
  for (std::size_t d = 0; d + 1 < r; ++d) {
    const std::uint64_t extent = to_unsigned(valid_extent[d]);
    if (d < command_dim) grid.outer *= extent;
    if (d == command_dim) grid.length = extent;
    if (d > command_dim) grid.inside *= extent;
  }
  const std::uint64_t row = to_unsigned(std::max<std::int64_t>(valid_extent[r - 1], 1)) * to_unsigned(element_bytes);
  grid.pieces = (row + row_bytes - 1) / row_bytes;
  return grid;
}

std::uint64_t CommandGrid::commands(std::uint32_t command_requests) const {
  const std::uint64_t window = std::max<std::uint32_t>(command_requests, 1);
  return outer * ((length + window - 1) / window) * inside * pieces;
}

std::uint32_t group_into_commands(const TensorBox& box, std::uint32_t row_bytes, std::uint32_t command_requests,
                                  std::vector<ByteRun>& runs, std::vector<std::uint32_t>& command_of) {
  command_of.resize(runs.size());
  std::array<std::int64_t, 5> valid{};
  for (std::size_t d = 0; d < static_cast<std::size_t>(box.rank); ++d) {
    const Range range = clipped(box, d);
    valid[d] = std::max<std::int64_t>(range.high - range.low, 0);
  }
  const CommandGrid grid = command_grid(box.shape, valid, box.rank, box.element_bytes, row_bytes);
  const std::uint32_t window = std::max<std::uint32_t>(command_requests, 1);
  if (grid.pieces == 0 || grid.requests() != runs.size()) {
    // Not row pieces of the box: commands of `window` runs in their order.
    for (std::size_t i = 0; i < runs.size(); ++i) command_of[i] = static_cast<std::uint32_t>(i / window);
    return runs.empty() ? 0 : command_of.back() + 1;
  }
  // Runs are the rows in row-major order (outer, command dim, inside), each cut into
  // `pieces`; hand them out block by block of the command dim.
  std::vector<ByteRun> ordered;
  ordered.reserve(runs.size());
  std::uint32_t command = 0;
  for (std::uint64_t a = 0; a < grid.outer; ++a) {
    for (std::uint64_t first = 0; first < grid.length; first += window) {
      const std::uint64_t last = std::min<std::uint64_t>(first + window, grid.length);
      for (std::uint64_t b = 0; b < grid.inside; ++b) {
        for (std::uint64_t p = 0; p < grid.pieces; ++p) {
          for (std::uint64_t w = first; w < last; ++w) {
            command_of[ordered.size()] = command;
            ordered.push_back(runs[((a * grid.length + w) * grid.inside + b) * grid.pieces + p]);
          }
          ++command;
        }
      }
    }
  }
  runs.swap(ordered);
  return command;
}

namespace {

/// Whether a host runs the op through its matrix-multiply loop (matmul, fully connected).
bool runs_as_matrix_multiply(OpKind kind) { return kind == OpKind::kMatmul || kind == OpKind::kFullyConnected; }

}  // namespace

int command_issue_cycles(OpKind kind, const ControllerConfig& controller) {
  return runs_as_matrix_multiply(kind) ? controller.matmul_issue_cycles : controller.issue_cycles;
}

int tile_issue_cycles(OpKind kind, const ControllerConfig& controller) {
  return runs_as_matrix_multiply(kind) ? controller.matmul_tile_issue_cycles : controller.tile_issue_cycles;
}

}  // namespace sextant
