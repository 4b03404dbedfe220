// SPDX-License-Identifier: Apache-2.0
#include "workloads/vector_compiler.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "tlm/core/config_error.h"

namespace sextant {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr int kIn = static_cast<int>(TensorKind::kInputs);
constexpr int kWeight = static_cast<int>(TensorKind::kWeights);
constexpr int kOut = static_cast<int>(TensorKind::kOutputs);

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
  return alignment == 0 ? value : (value + alignment - 1) / alignment * alignment;
}

TensorBox make_box(std::initializer_list<std::int64_t> shape, int element_bytes) {
  TensorBox box;
  box.rank = static_cast<int>(shape.size());
  box.element_bytes = element_bytes;
  std::size_t i = 0;
  for (std::int64_t extent : shape) {
    box.shape[i] = extent;
    box.extent[i] = extent;
    ++i;
  }
  return box;
}

/// A box of `whole` that starts at `offset` along `axis` (0 on other axes, whole extents
/// there) and spans `extent` along it.
TensorBox slice(TensorBox box, int axis, std::int64_t offset, std::int64_t extent) {
  box.offset[static_cast<std::size_t>(axis)] = offset;
  box.extent[static_cast<std::size_t>(axis)] = extent;
  return box;
}

/// How one vector op is cut: `units` along one axis (within `groups` independent
/// groups, e.g. images); what a tile of u units holds; the op a tile is. Pooling may also
/// cut its channels into `channel_parts` equal parts (each a group of its own) when one
/// output row of all channels does not fit the buffers (small per-core buffers).
class Tiling {
 public:
  Tiling(const Op& op, int element_bytes, std::int64_t channel_parts = 1)
      : m_op(op), m_bytes(element_bytes), m_channel_parts(channel_parts) {
    const VectorShape& v = op.vector;
    m_channels = v.c / channel_parts;
    switch (op.kind) {
      case OpKind::kMaxPool:
      case OpKind::kAvgPool:
        m_groups = v.n * channel_parts;
        m_units = op.pool_out_h();
        m_whole[kIn] = make_box({v.n, v.h, v.w, v.c}, m_bytes);
        m_whole[kOut] = make_box({v.n, op.pool_out_h(), op.pool_out_w(), v.c}, m_bytes);
        break;
      case OpKind::kGlobalAvgPool:
        m_groups = v.n;
        m_units = v.c;
        m_whole[kIn] = make_box({v.n, v.h * v.w, v.c}, m_bytes);
        m_whole[kOut] = make_box({v.n, v.c}, m_bytes);
        break;
      case OpKind::kEmbeddingBag:
        m_units = v.bags;
        m_whole[kIn] = make_box({v.table_rows, v.c}, m_bytes);
        m_whole[kOut] = make_box({v.bags, v.c}, m_bytes);
        break;
      default: {
        m_units = v.rows();
        m_whole[kIn] = make_box({v.rows(), v.c}, m_bytes);
        const bool reduces = op.kind == OpKind::kReduceSum || op.kind == OpKind::kReduceMax;
        m_whole[kOut] = make_box({v.rows(), reduces ? 1 : v.c}, m_bytes);
        if (op.kind == OpKind::kAdd || op.kind == OpKind::kMul) m_whole[kWeight] = make_box({v.rows(), v.c}, m_bytes);
        if (op.kind == OpKind::kLayerNorm || op.kind == OpKind::kBatchNorm) {
          m_whole[kWeight] = make_box({2, v.c}, m_bytes);
          m_weights_once = true;
        }
        break;
      }
    }
    if (m_whole[kWeight].rank == 0) m_whole[kWeight] = make_box({0}, m_bytes);
  }

  std::int64_t groups() const { return m_groups; }
  std::int64_t units() const { return m_units; }
  bool weights_once() const { return m_weights_once; }
  bool has_weights() const { return m_whole[kWeight].elements() > 0; }
  const std::array<TensorBox, kNumTensorKinds>& whole() const { return m_whole; }

  /// The boxes of tile [first, first + count) of group g (input box: the gathered rows'
  /// packed size for an embedding bag, whose loads are per row).
  std::array<TensorBox, kNumTensorKinds> boxes(std::int64_t g, std::int64_t first, std::int64_t count) const {
    const VectorShape& v = m_op.vector;
    std::array<TensorBox, kNumTensorKinds> result = m_whole;
    switch (m_op.kind) {
      case OpKind::kMaxPool:
      case OpKind::kAvgPool: {
        const std::int64_t image = g / m_channel_parts;
        const std::int64_t channel = (g % m_channel_parts) * m_channels;
        result[kIn] = slice(slice(slice(m_whole[kIn], 0, image, 1), 1, pool_rows(first, count).first,
                                  pool_rows(first, count).second),
                            3, channel, m_channels);
        result[kOut] = slice(slice(slice(m_whole[kOut], 0, image, 1), 1, first, count), 3, channel, m_channels);
        break;
      }
      case OpKind::kGlobalAvgPool:
        result[kIn] = slice(slice(m_whole[kIn], 0, g, 1), 2, first, count);
        result[kOut] = slice(slice(m_whole[kOut], 0, g, 1), 1, first, count);
        break;
      case OpKind::kEmbeddingBag:
        result[kIn] = make_box({count * v.indices_per_bag, v.c}, m_bytes);
        result[kOut] = slice(m_whole[kOut], 0, first, count);
        break;
      default:
        result[kIn] = slice(m_whole[kIn], 0, first, count);
        result[kOut] = slice(m_whole[kOut], 0, first, count);
        if (!m_weights_once && has_weights()) result[kWeight] = slice(m_whole[kWeight], 0, first, count);
        break;
    }
    return result;
  }

  /// Largest bytes of each tensor over the tiles of `count` units (padding makes the first
  /// and last pooling tiles smaller than the ones between).
  std::array<std::uint64_t, kNumTensorKinds> max_bytes(std::int64_t count) const {
    std::array<std::uint64_t, kNumTensorKinds> most{};
    const std::int64_t last = m_units - count;
    const std::int64_t inner = std::min<std::int64_t>(last, (m_op.vector.pad_top + m_op.vector.stride - 1) /
                                                                std::max(m_op.vector.stride, 1));
    for (std::int64_t first : {std::int64_t{0}, inner, last}) {
      const auto tile = boxes(0, std::max<std::int64_t>(first, 0), count);
      for (std::size_t t = 0; t < kNumTensorKinds; ++t) most[t] = std::max(most[t], tile[t].bytes());
    }
    return most;
  }

  /// Pooling: the input rows (first, count) that output rows [first, first + count) read,
  /// clipped to the input (the padding is not loaded).
  std::pair<std::int64_t, std::int64_t> pool_rows(std::int64_t first, std::int64_t count) const {
    const VectorShape& v = m_op.vector;
    const std::int64_t top = first * v.stride - v.pad_top;
    const std::int64_t low = std::max<std::int64_t>(top, 0);
    const std::int64_t high = std::min(top + (count - 1) * v.stride + v.window_h, v.h);
    return {low, high - low};
  }

  /// The tile [first, first + count) as an op of its own.
  Op tile_op(std::int64_t first, std::int64_t count) const {
    Op tile = m_op;
    VectorShape& v = tile.vector;
    switch (m_op.kind) {
      case OpKind::kMaxPool:
      case OpKind::kAvgPool: {
        // Only the rows inside the input are loaded; the padding left above the tile's
        // first row is what the window still overhangs.
        const auto rows = pool_rows(first, count);
        v.n = 1;
        v.c = m_channels;
        v.h = rows.second;
        v.pad_top = static_cast<int>(rows.first - (first * v.stride - m_op.vector.pad_top));
        v.out_h = count;
        break;
      }
      case OpKind::kGlobalAvgPool:
        v.n = 1;
        v.c = count;
        break;
      case OpKind::kEmbeddingBag:
        v.bags = count;
        v.table_rows = count * v.indices_per_bag;
        v.gathered = true;
        break;
      default:
        v.n = v.h = 1;
        v.w = count;
        break;
    }
    return tile;
  }

 private:
  const Op& m_op;
  int m_bytes;
  std::int64_t m_channel_parts = 1;
  std::int64_t m_channels = 1;  ///< per part (pooling)
  std::int64_t m_groups = 1;
  std::int64_t m_units = 1;
  bool m_weights_once = false;
  std::array<TensorBox, kNumTensorKinds> m_whole{};
};

/// Whether tiles of `count` units, `slots` slots per per-tile tensor, fit every buffer.
bool fits(const Tiling& tiling, const ArchConfig& arch, std::int64_t count, int slots) {
  const auto bytes = tiling.max_bytes(count);
  std::vector<std::uint64_t> used(arch.buffers.size(), 0);
  for (TensorKind tensor : kAllTensorKinds) {
    const int t = static_cast<int>(tensor);
    const int copies = (t == kWeight && tiling.weights_once()) ? 1 : slots;
    const BufferConfig& home = arch.buffer_for(tensor);
    // Slots start on bank-width boundaries (see the layout in compile_vector).
    used[static_cast<std::size_t>(arch.buffer_index(home.name))] +=
        static_cast<std::uint64_t>(copies) *
        align_up(align_up(bytes[static_cast<std::size_t>(t)], 64), home.bank_width_bytes);
  }
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    if (used[b] > arch.buffers[b].size_bytes) return false;
  }
  return true;
}

/// Largest count in [1, limit] that fits (0 when none does); fitting is monotone in count.
std::int64_t largest_fit(const Tiling& tiling, const ArchConfig& arch, std::int64_t limit, int slots) {
  if (!fits(tiling, arch, 1, slots)) return 0;
  std::int64_t low = 1;
  std::int64_t high = limit;
  while (low < high) {
    const std::int64_t middle = low + (high - low + 1) / 2;
    if (fits(tiling, arch, middle, slots)) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

void add_dep(std::vector<std::uint32_t>& deps, std::uint32_t id) {
  if (id != kNone && std::find(deps.begin(), deps.end(), id) == deps.end()) deps.push_back(id);
}

}  // namespace

int vector_element_bytes(const ArchConfig& arch) {
  return arch.pe_array.arithmetic == Arithmetic::kFloat ? 4 : arch.pe_array.operand_bytes();
}

Program compile_vector(const Op& op, const ArchConfig& arch) {
  const int bytes = vector_element_bytes(arch);
  // Pooling cuts its channels only when a row of all of them does not fit: into the
  // fewest equal parts (a divisor of C) whose row does.
  const bool pooling = op.kind == OpKind::kMaxPool || op.kind == OpKind::kAvgPool;
  std::int64_t channel_parts = 1;
  int slots = 2;
  std::int64_t per_tile = 0;
  for (std::int64_t parts = 1; parts <= (pooling ? op.vector.c : 1); ++parts) {
    if (op.vector.c % parts != 0) continue;
    const Tiling candidate(op, bytes, parts);
    const std::int64_t quarter = std::max<std::int64_t>(1, (candidate.units() + 3) / 4);
    slots = 2;
    per_tile = largest_fit(candidate, arch, quarter, 2);
    if (per_tile == 0) {
      slots = 1;
      per_tile = largest_fit(candidate, arch, quarter, 1);
    }
    channel_parts = parts;
    if (per_tile > 0) break;
  }
  const Tiling tiling(op, bytes, per_tile > 0 ? channel_parts : 1);
  if (per_tile == 0) {
    throw ConfigError(op.where, "ops." + op.name,
                      "a vector op whose smallest tile (one row, band or bag) fits the buffers of arch '" +
                          arch.name + "'",
                      std::to_string(tiling.boxes(0, 0, 1)[kIn].bytes()) + " B of input per tile");
  }

  Program program;
  program.op_name = op.name;
  program.op_kind = op.kind;
  program.vector_element_ops = static_cast<std::uint64_t>(op.vector_work());
  program.whole_tensor = tiling.whole();
  std::uint64_t cursor = 0;
  for (std::size_t t = 0; t < kNumTensorKinds; ++t) {
    program.dram_base[t] = cursor;
    cursor = align_up(cursor + program.whole_tensor[t].bytes(), 4096);
  }

  // Slot addresses: each tensor's slots in its buffer, one bank each when they fit there,
  // so that DMA fills and vector-unit reads do not collide.
  const auto largest = tiling.max_bytes(per_tile);
  std::array<int, kNumTensorKinds> buffer{};
  std::array<int, kNumTensorKinds> tensor_slots{};
  std::array<std::array<std::uint64_t, 2>, kNumTensorKinds> address{};
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& config = arch.buffers[b];
    std::vector<std::pair<int, std::uint64_t>> regions;
    for (TensorKind tensor : kAllTensorKinds) {
      if (!config.holds.has(tensor)) continue;
      const int t = static_cast<int>(tensor);
      buffer[static_cast<std::size_t>(t)] = static_cast<int>(b);
      tensor_slots[static_cast<std::size_t>(t)] = (t == kWeight && tiling.weights_once()) ? 1 : slots;
      for (int s = 0; s < tensor_slots[static_cast<std::size_t>(t)]; ++s) {
        regions.emplace_back(t, align_up(largest[static_cast<std::size_t>(t)], 64));
      }
    }
    const std::uint64_t bank_bytes = config.bank_size_bytes();
    const bool one_bank_each = regions.size() <= static_cast<std::size_t>(config.banks) &&
                               std::all_of(regions.begin(), regions.end(),
                                           [&](const auto& region) { return region.second <= bank_bytes; });
    std::uint64_t next = 0;
    std::array<int, kNumTensorKinds> filled{};
    for (std::size_t r = 0; r < regions.size(); ++r) {
      const auto t = static_cast<std::size_t>(regions[r].first);
      address[t][static_cast<std::size_t>(filled[t]++)] = one_bank_each ? r * bank_bytes : next;
      next = align_up(next + regions[r].second, config.bank_width_bytes);
    }
  }

  const auto push = [&program](Command command) {
    command.id = static_cast<std::uint32_t>(program.commands.size());
    program.commands.push_back(std::move(command));
    return program.commands.back().id;
  };
  const auto transfer = [&](CommandKind kind, int t, const TensorBox& box, std::uint64_t buffer_address,
                            std::vector<std::uint32_t> deps) {
    Command command;
    command.kind = kind;
    command.deps = std::move(deps);
    command.transfer.tensor = static_cast<TensorKind>(t);
    command.transfer.dram_base = program.dram_base[static_cast<std::size_t>(t)];
    command.transfer.box = box;
    command.transfer.buffer = buffer[static_cast<std::size_t>(t)];
    command.transfer.buffer_address = buffer_address;
    return push(std::move(command));
  };

  std::array<std::array<std::uint32_t, 2>, kNumTensorKinds> last_reader{};  // frees an input slot
  for (auto& readers : last_reader) readers.fill(kNone);
  std::array<std::uint32_t, 2> last_store{kNone, kNone};  // frees an output slot
  std::uint32_t weights_loaded = kNone;
  std::vector<std::uint32_t> stores;
  std::uint32_t last_vector = kNone;
  int slot = 0;
  const VectorShape& v = op.vector;
  if (tiling.weights_once()) {
    weights_loaded = transfer(CommandKind::kLoad, kWeight, tiling.whole()[kWeight], address[kWeight][0], {});
  }
  for (std::int64_t g = 0; g < tiling.groups(); ++g) {
    for (std::int64_t first = 0; first < tiling.units(); first += per_tile) {
      const std::int64_t count = std::min(per_tile, tiling.units() - first);
      const std::size_t tile_start = program.commands.size();
      const auto boxes = tiling.boxes(g, first, count);
      const auto s = static_cast<std::size_t>(slot);
      Command vector;
      vector.kind = CommandKind::kVector;
      vector.vector.op = tiling.tile_op(first, count);
      if (op.kind == OpKind::kEmbeddingBag) {
        // One LOAD per gathered row: rows of a table are scattered, each is one DMA run.
        const std::uint64_t row_bytes = static_cast<std::uint64_t>(v.c) * static_cast<std::uint64_t>(bytes);
        std::uint64_t at_address = address[kIn][s];
        for (std::int64_t bag = first; bag < first + count; ++bag) {
          for (std::int64_t j = 0; j < v.indices_per_bag; ++j) {
            std::vector<std::uint32_t> deps;
            add_dep(deps, last_reader[kIn][s]);
            const TensorBox row = slice(tiling.whole()[kIn], 0, embedding_index(v, bag, j), 1);
            add_dep(vector.deps, transfer(CommandKind::kLoad, kIn, row, at_address, deps));
            at_address += row_bytes;
          }
        }
      } else {
        std::vector<std::uint32_t> deps;
        add_dep(deps, last_reader[kIn][s]);
        add_dep(vector.deps, transfer(CommandKind::kLoad, kIn, boxes[kIn], address[kIn][s], deps));
      }
      if (tiling.has_weights() && !tiling.weights_once()) {
        std::vector<std::uint32_t> deps;
        add_dep(deps, last_reader[kWeight][s]);
        add_dep(vector.deps, transfer(CommandKind::kLoad, kWeight, boxes[kWeight], address[kWeight][s], deps));
      }
      add_dep(vector.deps, weights_loaded);
      add_dep(vector.deps, last_store[s]);
      // One vector unit runs tiles in order; the dependency keeps that order explicit.
      add_dep(vector.deps, last_vector);
      for (int t = 0; t < kNumTensorKinds; ++t) {
        const auto ti = static_cast<std::size_t>(t);
        const bool used = t != kWeight || tiling.has_weights();
        vector.vector.bytes[ti] = used ? boxes[ti].bytes() : 0;
        vector.vector.buffer[ti] = buffer[ti];
        vector.vector.address[ti] = address[ti][(t == kWeight && tiling.weights_once()) ? 0 : s];
      }
      last_vector = push(std::move(vector));
      last_reader[kIn][s] = last_reader[kWeight][s] = last_vector;
      last_store[s] = transfer(CommandKind::kStore, kOut, boxes[kOut], address[kOut][s], {last_vector});
      stores.push_back(last_store[s]);
      program.commands[tile_start].starts_tile = true;
      slot = (slot + 1) % slots;
    }
  }
  Command barrier;
  barrier.kind = CommandKind::kBarrier;
  for (std::uint32_t store : stores) add_dep(barrier.deps, store);
  push(std::move(barrier));
  return program;
}

std::uint64_t vector_tile_cycles(const VectorUnitConfig& config, const Op& tile) {
  const auto work = static_cast<std::uint64_t>(tile.vector_work(config.transcendental_cycles));
  const auto lanes = static_cast<std::uint64_t>(config.lanes);
  return static_cast<std::uint64_t>(config.pipeline_latency_cycles) + (work + lanes - 1) / lanes;
}

}  // namespace sextant
