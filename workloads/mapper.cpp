// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapper.h"

#include "workloads/core_split.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "tlm/core/units.h"
#include "workloads/buffer_ports.h"
#include "workloads/mapping_template.h"
#include "workloads/mapping_validity.h"
#include "workloads/slot_layout.h"
#include "workloads/systolic_timing.h"

namespace sextant {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Orders in which the DRAM-level tile grows, one dim at a time as far as the buffers
// allow. Besides the filter window (R, S) and G, the dims fall into three role groups of
// the dataflow: streamed, on PE rows, on PE columns. Every order of the three groups is
// tried, with the window first (a partial window re-fetches shifted inputs) and with the
// window just before the last group (for weight buffers too small for whole filters).
// G always comes last: a tile with several groups needs whole C and K anyway.
std::vector<std::vector<Dim>> growth_orders(const DataflowRoles& roles) {
  const std::vector<Dim> window = {Dim::R, Dim::S};
  const auto group = [&](const bool (&role)[kNumDims]) {
    std::vector<Dim> dims;
    for (const Dim dim : {Dim::Q, Dim::P, Dim::N, Dim::K, Dim::C}) {
      if (role[static_cast<int>(dim)]) dims.push_back(dim);
    }
    return dims;
  };
  std::vector<std::vector<Dim>> groups = {group(roles.stream_dim), group(roles.row_dim), group(roles.col_dim)};
  std::vector<int> index = {0, 1, 2};
  std::vector<std::vector<Dim>> orders;
  do {
    for (const bool window_first : {true, false}) {
      std::vector<Dim> order;
      const auto append = [&](const std::vector<Dim>& dims) { order.insert(order.end(), dims.begin(), dims.end()); };
      if (window_first) append(window);
      append(groups[static_cast<std::size_t>(index[0])]);
      append(groups[static_cast<std::size_t>(index[1])]);
      if (!window_first) append(window);
      append(groups[static_cast<std::size_t>(index[2])]);
      order.push_back(Dim::G);
      orders.push_back(std::move(order));
    }
  } while (std::next_permutation(index.begin(), index.end()));
  return orders;
}

// Everything the search needs about the op and arch, computed once.
class TileSearch {
 public:
  TileSearch(const Op& op, const ArchConfig& arch)
      : m_op(op), m_arch(arch), m_roles(dataflow_roles(arch.pe_array.dataflow)) {
    place_template_spatial(op, arch, m_rows, m_cols);
    for (const Dim dim : kAllDims) at(m_unit, dim) = at(m_rows, dim) * at(m_cols, dim);
  }

  /// The template mapping for DRAM tiles `tile` (loop order and double buffering unset).
  Mapping mapping_for(const DimArray& tile) const {
    Mapping mapping = template_mapping(m_op, m_arch, m_rows, m_cols);
    set_template_factors(m_op, m_roles, tile, mapping);
    return mapping;
  }

  const DimArray& unit() const { return m_unit; }
  const DataflowRoles& roles() const { return m_roles; }
  bool double_buffer(std::size_t buffer) const { return ((m_double >> buffer) & 1u) != 0; }

  /// Bytes of one slot of a tensor's tile with DRAM-level extents `tile`.
  std::uint64_t tensor_bytes(const DimArray& tile, TensorKind tensor) const {
    return tile_bytes(m_op, tile, m_arch, tensor);
  }

  std::uint64_t buffer_bytes(const DimArray& tile, std::size_t buffer) const {
    std::uint64_t bytes = 0;
    for (const TensorKind kind : kAllTensorKinds) {
      if (m_arch.buffers[buffer].holds.has(kind)) bytes += tensor_bytes(tile, kind);
    }
    return bytes;
  }

  /// Whether a tile fits every buffer (with the current double-buffering choice) and
  /// keeps grouped channels contiguous.
  bool fits(const DimArray& tile) const { return tiles_fit(m_op, tile, m_double, m_arch); }

  /// The smallest tile: the spatial fan-out, one of everything else.
  DimArray minimal_tile() const { return m_unit; }

  /// Double-buffers every buffer that holds two slots of the smallest tile; throws
  /// ConfigError when a buffer cannot hold even one.
  void choose_double_buffering() {
    const DimArray tile = minimal_tile();
    for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
      const BufferConfig& buffer = m_arch.buffers[b];
      const std::uint64_t bytes = buffer_bytes(tile, b);
      if (bytes > buffer.size_bytes) {
        std::string parts;
        for (const TensorKind kind : kAllTensorKinds) {
          if (!buffer.holds.has(kind)) continue;
          parts += (parts.empty() ? "" : " + ") + std::string(tensor_kind_name(kind)) + " " +
                   format_size_bytes(tensor_bytes(tile, kind));
        }
        throw ConfigError(m_op.where, "",
                          "buffer " + buffer.name + " to hold the smallest tile of op '" + m_op.name +
                              "' (" + parts + " = " + format_size_bytes(bytes) + ")",
                          "a size of " + format_size_bytes(buffer.size_bytes));
      }
      if (2 * bytes <= buffer.size_bytes) m_double |= 1u << b;
    }
  }

  /// Grows the tile one dim at a time, in `order`, to the largest extent that fits. The
  /// extents tried are multiples of the dim's spatial fan-out, and the whole dim.
  DimArray grow(const std::vector<Dim>& order) const {
    DimArray tile = minimal_tile();
    for (const Dim dim : order) {
      const std::int64_t extent = m_op.dim(dim);
      const std::int64_t unit = at(m_unit, dim);
      const std::int64_t multiples = extent / unit;
      const std::int64_t candidates = multiples + (extent % unit != 0 ? 1 : 0);
      const auto value = [&](std::int64_t index) { return index < multiples ? (index + 1) * unit : extent; };
      // Binary search for the largest candidate that fits; candidate 0 is the current tile.
      std::int64_t low = 0;
      std::int64_t high = candidates - 1;
      while (low < high) {
        const std::int64_t middle = (low + high + 1) / 2;
        DimArray trial = tile;
        at(trial, dim) = value(middle);
        if (fits(trial)) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      at(tile, dim) = value(low);
    }
    return tile;
  }

  /// The register level streams the whole tile extent of each stream dim per fold.
  std::int64_t stream_factor(const DimArray& tile, Dim dim) const {
    return m_roles.stream_dim[static_cast<int>(dim)] ? at(tile, dim) : 1;
  }

  /// Compute cycles of the whole op when its DRAM tiles have extents `tile`: every class
  /// of tiles (a full or an edge extent per dim) folded and timed as the PE array times it
  /// (the systolic formula), or as long as its buffers' banks need to feed it, whichever
  /// is longer (shared_bank_port_cycles: tensors whose slots share a bank wait for each
  /// other). A tile that cuts a streamed dim makes more, shorter folds, each paying the
  /// array's preload, fill and drain again; a tile that cuts a spatial dim at a multiple
  /// of its fan-out adds no fold.
  double compute_cycles(const DimArray& tile) const {
    Mapping mapping = mapping_for(tile);
    for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) mapping.levels[b + 1].double_buffer = double_buffer(b);
    const SlotLayout layout = allocate_slots(m_op, mapping, m_arch);  // where the compiler puts the tiles
    ComputeTile compute;
    compute.accumulate = true;  // output reads as the analytical model counts them per tile
    compute.rows = m_rows;
    compute.cols = m_cols;
    compute.command_dim = compute_command_dim(m_op.kind);
    for (const Dim dim : kAllDims) at(compute.stream, dim) = stream_factor(tile, dim);
    // Per dim: (extent, tiles with it), the full tile and possibly one edge tile.
    std::array<std::array<std::pair<std::int64_t, std::int64_t>, 2>, kNumDims> parts{};
    std::array<int, kNumDims> part_count{};
    for (const Dim dim : kAllDims) {
      const auto i = static_cast<std::size_t>(dim);
      const std::int64_t full = at(tile, dim);
      const std::int64_t trips = ceil_div(m_op.dim(dim), full);
      const std::int64_t edge = m_op.dim(dim) - (trips - 1) * full;
      part_count[i] = 0;
      if (trips > 1 || edge == full) parts[i][static_cast<std::size_t>(part_count[i]++)] = {full, edge == full ? trips : trips - 1};
      if (edge != full) parts[i][static_cast<std::size_t>(part_count[i]++)] = {edge, 1};
    }
    double cycles = 0.0;
    std::array<int, kNumDims> choice{};
    while (true) {
      double tiles = 1.0;
      for (const Dim dim : kAllDims) {
        const auto i = static_cast<std::size_t>(dim);
        const auto& part = parts[i][static_cast<std::size_t>(choice[i])];
        at(compute.extent, dim) = part.first;
        tiles *= static_cast<double>(part.second);
      }
      const std::vector<FoldClass> folds = fold_classes(compute);
      const ArrayTraffic traffic = array_traffic(m_arch.pe_array, compute, folds);
      const auto regions = tile_regions(m_op, compute.extent, static_cast<std::uint64_t>(m_arch.pe_array.operand_bytes()),
                                        static_cast<std::uint64_t>(m_arch.pe_array.accumulator_bytes()));
      double tile_cycles = static_cast<double>(systolic_cycles(m_arch.pe_array, folds));
      for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
        tile_cycles = std::max(tile_cycles, shared_bank_port_cycles(m_arch.buffers[b], static_cast<int>(b), layout, regions,
                                                                    traffic.read_bytes, traffic.write_bytes));
      }
      cycles += tiles * tile_cycles;
      std::size_t i = 0;
      for (; i < choice.size(); ++i) {
        if (++choice[i] < part_count[i]) break;
        choice[i] = 0;
      }
      if (i == choice.size()) return cycles;
    }
  }

  /// Bytes per cycle the DRAM transfers get (the narrower of the DMA and the memory);
  /// infinite with ideal memory, where transfers take no time.
  double transfer_bandwidth() const {
    if (m_arch.memory.model == MemoryModel::kIdeal) return kInfinity;
    return std::min<double>(m_arch.dma.bytes_per_cycle, m_arch.memory.bandwidth_bytes_per_cycle);
  }

  DimArray dram_factors(const DimArray& tile) const { return mapping_for(tile).levels.front().temporal; }

  /// Estimated DRAM traffic in bytes of a DRAM loop order (innermost first, only loops
  /// with factor > 1): a tensor's tile is reloaded whenever a loop that indexes it
  /// advances; outputs revisited after a reduction loop cost a store and a reload.
  double traffic(const DimArray& tile, const DimArray& factors, const std::vector<Dim>& order) const {
    double total = 0.0;
    for (const TensorKind kind : kAllTensorKinds) {
      double visits = 1.0;
      double distinct = 1.0;
      bool reached = false;
      for (const Dim dim : order) {
        reached = reached || dim_relevant(kind, dim);
        if (reached) visits *= static_cast<double>(at(factors, dim));
        if (dim_relevant(kind, dim)) distinct *= static_cast<double>(at(factors, dim));
      }
      const double bytes = static_cast<double>(tensor_bytes(tile, kind));
      total += kind == TensorKind::kOutputs ? (2.0 * visits - distinct) * bytes : visits * bytes;
    }
    return total;
  }

  /// The DRAM loop order with the least estimated traffic. Ties go to the first order
  /// tried, which puts the stream dims innermost (reuse of the stationary tensor).
  std::vector<Dim> best_order(const DimArray& tile, const DimArray& factors, double& best_traffic) const {
    std::vector<Dim> looping;
    for (const Dim dim : preference()) {
      if (at(factors, dim) > 1) looping.push_back(dim);
    }
    std::vector<int> index(looping.size());
    std::iota(index.begin(), index.end(), 0);
    std::vector<Dim> order(looping.size());
    std::vector<Dim> best = looping;
    best_traffic = kInfinity;
    do {
      for (std::size_t i = 0; i < index.size(); ++i) order[i] = looping[static_cast<std::size_t>(index[i])];
      const double cost = traffic(tile, factors, order);
      if (cost < best_traffic) {
        best_traffic = cost;
        best = order;
      }
    } while (std::next_permutation(index.begin(), index.end()));
    return best;
  }

  /// Dims innermost first by role: stream, columns, rows, then G.
  std::vector<Dim> preference() const {
    std::vector<Dim> dims;
    for (const bool (*role)[kNumDims] : {&m_roles.stream_dim, &m_roles.col_dim, &m_roles.row_dim}) {
      for (const Dim dim : {Dim::Q, Dim::P, Dim::N, Dim::K, Dim::C, Dim::S, Dim::R}) {
        if ((*role)[static_cast<int>(dim)] && std::find(dims.begin(), dims.end(), dim) == dims.end()) {
          dims.push_back(dim);
        }
      }
    }
    for (const Dim dim : kAllDims) {
      if (std::find(dims.begin(), dims.end(), dim) == dims.end()) dims.push_back(dim);
    }
    return dims;
  }

 private:
  const Op& m_op;
  const ArchConfig& m_arch;
  DataflowRoles m_roles;
  DimArray m_rows = ones();
  DimArray m_cols = ones();
  DimArray m_unit = ones();
  std::uint32_t m_double = 0;  ///< bit b: buffer b is double buffered
};

std::string permutation_text(const std::vector<Dim>& innermost_first) {
  std::string text;
  for (const Dim dim : innermost_first) text += dim_letter(dim);
  return complete_permutation(text);
}

}  // namespace

/// The mapping of one core's work.
static Mapping single_core_mapping(const Op& op, const ArchConfig& arch) {
  if (arch.buffers.empty()) {
    throw ConfigError(op.where, "", "an arch with at least one buffer to map op '" + op.name + "'",
                      "none in arch '" + arch.name + "'");
  }
  TileSearch search(op, arch);
  search.choose_double_buffering();

  // Try each growth order. Prefer the tiling with the lowest latency bound, the longer of
  // its compute time (systolic cycles of every tile) and its DRAM traffic at the
  // transfer bandwidth; then the least traffic, then the fewest DRAM iterations.
  DimArray best_tile = search.minimal_tile();
  std::vector<Dim> best_order;
  double best_bound = kInfinity;
  double best_traffic = kInfinity;
  std::int64_t best_iterations = std::numeric_limits<std::int64_t>::max();
  const double bandwidth = search.transfer_bandwidth();
  for (const std::vector<Dim>& growth : growth_orders(search.roles())) {
    const DimArray tile = search.grow(growth);
    const DimArray factors = search.dram_factors(tile);
    double traffic = 0.0;
    std::vector<Dim> order = search.best_order(tile, factors, traffic);
    const double bound = std::max(search.compute_cycles(tile), traffic / bandwidth);
    std::int64_t iterations = 1;
    for (const std::int64_t factor : factors) iterations *= factor;
    const bool better = bound != best_bound ? bound < best_bound
                        : traffic != best_traffic ? traffic < best_traffic
                                                  : iterations < best_iterations;
    if (better) {
      best_tile = tile;
      best_order = std::move(order);
      best_bound = bound;
      best_traffic = traffic;
      best_iterations = iterations;
    }
  }

  Mapping mapping = search.mapping_for(best_tile);
  mapping.levels.front().permutation = permutation_text(best_order);
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) mapping.levels[b + 1].double_buffer = search.double_buffer(b);

  const Validity validity = check_mapping(op, mapping, arch);
  if (!validity.ok) {
    throw ModelError("default_mapping", "made an invalid mapping for op '" + op.name + "': " + validity.reason);
  }
  return mapping;
}

Mapping default_mapping(const Op& op, const ArchConfig& arch) {
  Mapping split;
  split.cores = default_core_split(op, arch);
  if (split.cores_used() == 1) return single_core_mapping(op, arch);
  Mapping mapping = single_core_mapping(core_shares(op, split).front().op, arch);
  mapping.cores = split.cores;
  return mapping;
}

}  // namespace sextant
