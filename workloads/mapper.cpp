// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapper.h"

#include "workloads/core_split.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "tlm/core/units.h"
#include "workloads/mapping_validity.h"

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
    place_spatial();
    for (const Dim dim : kAllDims) at(m_unit, dim) = at(m_rows, dim) * at(m_cols, dim);
    m_double.assign(arch.buffers.size(), false);
  }

  const DimArray& rows() const { return m_rows; }
  const DimArray& cols() const { return m_cols; }
  const DimArray& unit() const { return m_unit; }
  const DataflowRoles& roles() const { return m_roles; }
  const std::vector<bool>& double_buffer() const { return m_double; }

  /// Bytes of one slot of a tensor's tile with DRAM-level extents `tile`.
  std::uint64_t tensor_bytes(const DimArray& tile, TensorKind tensor) const {
    const auto u = [](std::int64_t value) { return static_cast<std::uint64_t>(value); };
    const std::uint64_t operand = u(m_arch.pe_array.operand_bytes());
    switch (tensor) {
      case TensorKind::kInputs: {
        const std::int64_t h = (at(tile, Dim::P) - 1) * m_op.stride_h + (at(tile, Dim::R) - 1) * m_op.dilation_h + 1;
        const std::int64_t w = (at(tile, Dim::Q) - 1) * m_op.stride_w + (at(tile, Dim::S) - 1) * m_op.dilation_w + 1;
        return u(at(tile, Dim::N)) * u(h) * u(w) * u(at(tile, Dim::G)) * u(at(tile, Dim::C)) * operand;
      }
      case TensorKind::kWeights:
        return u(at(tile, Dim::G)) * u(at(tile, Dim::R)) * u(at(tile, Dim::S)) * u(at(tile, Dim::C)) *
               u(at(tile, Dim::K)) * operand;
      case TensorKind::kOutputs:
        return u(at(tile, Dim::N)) * u(at(tile, Dim::P)) * u(at(tile, Dim::Q)) * u(at(tile, Dim::G)) *
               u(at(tile, Dim::K)) * u(m_arch.pe_array.accumulator_bytes());
    }
    return 0;
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
  bool fits(const DimArray& tile) const {
    if (at(tile, Dim::G) > 1 &&
        (at(tile, Dim::C) < m_op.dim(Dim::C) || at(tile, Dim::K) < m_op.dim(Dim::K))) {
      return false;
    }
    for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
      const std::uint64_t slots = m_double[b] ? 2 : 1;
      if (buffer_bytes(tile, b) * slots > m_arch.buffers[b].size_bytes) return false;
    }
    return true;
  }

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
      m_double[b] = 2 * bytes <= buffer.size_bytes;
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

  /// Innermost-buffer factors that make spatial x stream x buffer cover the tile.
  DimArray buffer_factors(const DimArray& tile) const {
    DimArray factors = ones();
    for (const Dim dim : kAllDims) {
      at(factors, dim) = ceil_div(at(tile, dim), at(m_unit, dim) * stream_factor(tile, dim));
    }
    return factors;
  }

  /// The register level streams the whole tile extent of each stream dim per fold.
  std::int64_t stream_factor(const DimArray& tile, Dim dim) const {
    return m_roles.stream_dim[static_cast<int>(dim)] ? at(tile, dim) : 1;
  }

  /// Values streamed through the array per fold: the product of the stream dims' extents.
  std::int64_t stream_length(const DimArray& tile) const {
    std::int64_t length = 1;
    for (const Dim dim : kAllDims) length *= stream_factor(tile, dim);
    return length;
  }

  /// A fold streams long enough to hide the array's fill, preload and drain (about
  /// max(rows, cols) cycles) when it streams at least that many values, or all the op has.
  std::int64_t stream_target() const {
    std::int64_t whole = 1;
    for (const Dim dim : kAllDims) {
      if (m_roles.stream_dim[static_cast<int>(dim)]) whole *= m_op.dim(dim);
    }
    return std::min<std::int64_t>(whole, std::max(m_arch.pe_array.rows, m_arch.pe_array.cols));
  }

  DimArray dram_factors(const DimArray& tile) const {
    const DimArray inner = buffer_factors(tile);
    DimArray factors = ones();
    for (const Dim dim : kAllDims) {
      const std::int64_t covered = at(m_unit, dim) * stream_factor(tile, dim) * at(inner, dim);
      at(factors, dim) = ceil_div(m_op.dim(dim), covered);
    }
    return factors;
  }

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
  // Fills PE rows and then columns with the dataflow's dims, greedily in a fixed order;
  // a dim larger than what is left gets what is left (its remainder becomes an edge fold).
  void place_spatial() {
    m_rows = ones();
    m_cols = ones();
    const bool pixels_on_rows = m_arch.pe_array.dataflow == Dataflow::kOutputStationary;
    const bool pixels_on_cols = m_arch.pe_array.dataflow == Dataflow::kInputStationary;
    const std::vector<Dim> pixels = {Dim::Q, Dim::P, Dim::N};
    const std::vector<Dim> reduction = {Dim::C, Dim::R, Dim::S};
    fill(m_rows, pixels_on_rows ? pixels : reduction, m_arch.pe_array.rows);
    fill(m_cols, pixels_on_cols ? pixels : std::vector<Dim>{Dim::K}, m_arch.pe_array.cols);
  }

  void fill(DimArray& side, const std::vector<Dim>& dims, std::int64_t size) const {
    std::int64_t remaining = std::max<std::int64_t>(size, 1);
    for (const Dim dim : dims) {
      const std::int64_t factor = std::min(m_op.dim(dim), remaining);
      at(side, dim) = factor;
      remaining /= factor;
    }
  }

  const Op& m_op;
  const ArchConfig& m_arch;
  DataflowRoles m_roles;
  DimArray m_rows = ones();
  DimArray m_cols = ones();
  DimArray m_unit = ones();
  std::vector<bool> m_double;
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

  // Try each growth order. Prefer tiles whose folds stream long enough to keep the array
  // busy, then the least estimated DRAM traffic, then the fewest DRAM iterations.
  DimArray best_tile = search.minimal_tile();
  std::vector<Dim> best_order;
  bool best_efficient = false;
  double best_traffic = kInfinity;
  std::int64_t best_iterations = std::numeric_limits<std::int64_t>::max();
  const std::int64_t stream_target = search.stream_target();
  for (const std::vector<Dim>& growth : growth_orders(search.roles())) {
    const DimArray tile = search.grow(growth);
    const DimArray factors = search.dram_factors(tile);
    const bool efficient = search.stream_length(tile) >= stream_target;
    double traffic = 0.0;
    std::vector<Dim> order = search.best_order(tile, factors, traffic);
    std::int64_t iterations = 1;
    for (const std::int64_t factor : factors) iterations *= factor;
    const bool better =
        efficient != best_efficient
            ? efficient
            : (traffic < best_traffic || (traffic == best_traffic && iterations < best_iterations));
    if (better) {
      best_tile = tile;
      best_order = std::move(order);
      best_efficient = efficient;
      best_traffic = traffic;
      best_iterations = iterations;
    }
  }

  const std::vector<std::string> names = arch.storage_levels();
  const DataflowRoles& roles = search.roles();
  Mapping mapping;
  for (std::size_t i = 0; i < names.size(); ++i) {
    LevelMapping level;
    level.target = names[i];
    level.permutation = complete_permutation("");
    if (i == 0) {
      for (const TensorKind kind : kAllTensorKinds) level.keep.add(kind);
    } else if (i + 1 == names.size()) {
      level.keep.add(roles.stationary);
    } else {
      level.keep = arch.buffers[i - 1].holds;
      level.double_buffer = search.double_buffer()[i - 1];
    }
    mapping.levels.push_back(std::move(level));
  }

  LevelMapping& dram = mapping.levels.front();
  dram.temporal = search.dram_factors(best_tile);
  dram.permutation = permutation_text(best_order);

  // The innermost buffer iterates over folds; reduction folds innermost so partial sums
  // accumulate in place before the next output block.
  LevelMapping& folds = mapping.levels[names.size() - 2];
  folds.temporal = search.buffer_factors(best_tile);
  folds.permutation = permutation_text({Dim::C, Dim::R, Dim::S, Dim::K, Dim::Q, Dim::P, Dim::N, Dim::G});

  LevelMapping& registers = mapping.levels.back();
  std::vector<Dim> streamed;
  for (const Dim dim : {Dim::Q, Dim::P, Dim::N, Dim::K, Dim::C, Dim::S, Dim::R}) {
    if (!roles.stream_dim[static_cast<int>(dim)]) continue;
    at(registers.temporal, dim) = search.stream_factor(best_tile, dim);
    streamed.push_back(dim);
  }
  registers.permutation = permutation_text(streamed);

  mapping.spatial.target = folds.target;
  mapping.spatial.rows = search.rows();
  mapping.spatial.cols = search.cols();
  mapping.where = op.where;

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
