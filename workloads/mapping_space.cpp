// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping_space.h"

#include <algorithm>
#include <string>

#include "tlm/core/config_error.h"
#include "workloads/mapping_template.h"
#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Largest factor a loop may take over an inner extent e without an empty last iteration
// (e * (f - 1) < dim), or, for exact chains, the divisors of what is left.
bool factor_allowed(std::int64_t dim, std::int64_t inner, std::int64_t factor, bool imperfect) {
  if (imperfect) return inner * (factor - 1) < dim;
  return dim % (inner * factor) == 0;
}

double factorial(int k) {
  double value = 1.0;
  for (int i = 2; i <= k; ++i) value *= i;
  return value;
}

std::string letters(const std::vector<Dim>& dims) {
  std::string text;
  for (const Dim dim : dims) text += dim_letter(dim);
  return complete_permutation(text);
}

}  // namespace

MappingSpace::MappingSpace(const Op& op, const ArchConfig& arch, MappingSpaceOptions options)
    : m_op(op), m_arch(arch), m_options(options) {
  const DataflowRoles roles = dataflow_roles(arch.pe_array.dataflow);
  for (const Dim dim : kAllDims) {
    const int d = static_cast<int>(dim);
    const std::int64_t extent = op.dim(dim);
    const std::int64_t stream_max = roles.stream_dim[d] ? extent : 1;
    std::int64_t spatial_max = 1;
    if (roles.row_dim[d]) spatial_max = std::min<std::int64_t>(extent, arch.pe_array.rows);
    if (roles.col_dim[d]) spatial_max = std::min<std::int64_t>(extent, arch.pe_array.cols);
    for (std::int64_t stream = 1; stream <= stream_max; ++stream) {
      if (!factor_allowed(extent, 1, stream, options.imperfect_factors)) continue;
      for (std::int64_t spatial = 1; spatial <= spatial_max; ++spatial) {
        if (!factor_allowed(extent, stream, spatial, options.imperfect_factors)) continue;
        const std::int64_t inner = stream * spatial;
        for (std::int64_t buffer = 1; inner * (buffer - 1) < extent; ++buffer) {
          if (!factor_allowed(extent, inner, buffer, options.imperfect_factors)) continue;
          const DimChain chain{stream, spatial, buffer, ceil_div(extent, inner * buffer)};
          (chain.dram > 1 ? m_with_dram_loop : m_without_dram_loop)[d].push_back(chain);
        }
      }
    }
  }
  m_buffer_flags = options.double_buffering ? static_cast<int>(arch.buffers.size()) : 0;
  build_order_weights();
}

void MappingSpace::build_order_weights() {
  m_tuples.assign(kNumDims + 1, std::vector<double>(kNumDims + 1, 0.0));
  m_tuples[kNumDims][0] = 1.0;
  for (int i = kNumDims - 1; i >= 0; --i) {
    const double with = static_cast<double>(m_with_dram_loop[i].size());
    const double without = static_cast<double>(m_without_dram_loop[i].size());
    for (int k = 0; k <= kNumDims; ++k) {
      m_tuples[i][k] = without * m_tuples[i + 1][k] + (k > 0 ? with * m_tuples[i + 1][k - 1] : 0.0);
    }
  }
  m_k_weight.assign(kNumDims + 1, 0.0);
  for (int k = 0; k <= kNumDims; ++k) m_k_weight[k] = m_tuples[0][k] * factorial(k);
}

const std::vector<DimChain>& MappingSpace::chains(Dim dim, bool dram_loop) const {
  const int d = static_cast<int>(dim);
  return dram_loop ? m_with_dram_loop[d] : m_without_dram_loop[d];
}

double MappingSpace::candidate_count() const {
  double total = 0.0;
  for (const double weight : m_k_weight) total += weight;
  return total * static_cast<double>(std::uint64_t{1} << m_buffer_flags);
}

MappingChoice MappingSpace::sample_candidate(std::mt19937_64& random) const {
  MappingChoice choice;
  // Pick the number of DRAM loops k in proportion to its candidates (tuples x k! orders),
  // then which dims have them, then a chain per dim: every candidate is equally likely.
  std::discrete_distribution<int> pick_k(m_k_weight.begin(), m_k_weight.end());
  int remaining = pick_k(random);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < kNumDims; ++i) {
    const double with = remaining > 0
                            ? static_cast<double>(m_with_dram_loop[i].size()) * m_tuples[i + 1][remaining - 1]
                            : 0.0;
    const bool dram_loop = unit(random) * m_tuples[i][remaining] < with;
    const auto& pool = dram_loop ? m_with_dram_loop[i] : m_without_dram_loop[i];
    std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
    choice.chains[i] = pool[pick(random)];
    if (dram_loop) {
      choice.dram_order.push_back(kAllDims[i]);
      --remaining;
    }
  }
  std::shuffle(choice.dram_order.begin(), choice.dram_order.end(), random);
  choice.double_buffer.assign(m_arch.buffers.size(), false);
  for (int b = 0; b < m_buffer_flags; ++b) choice.double_buffer[b] = (random() & 1U) != 0;
  return choice;
}

Mapping MappingSpace::to_mapping(const MappingChoice& choice) const {
  const DataflowRoles roles = dataflow_roles(m_arch.pe_array.dataflow);
  DimArray rows = ones();
  DimArray cols = ones();
  for (const Dim dim : kAllDims) {
    const int d = static_cast<int>(dim);
    if (roles.row_dim[d]) at(rows, dim) = choice.chains[d].spatial;
    if (roles.col_dim[d]) at(cols, dim) = choice.chains[d].spatial;
  }
  // The template's levels and loop orders; the chains give every factor.
  Mapping mapping = template_mapping(m_op, m_arch, rows, cols);
  for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) mapping.levels[b + 1].double_buffer = choice.double_buffer[b];
  LevelMapping& dram = mapping.levels.front();
  LevelMapping& folds = mapping.levels[mapping.levels.size() - 2];
  LevelMapping& registers = mapping.levels.back();
  for (const Dim dim : kAllDims) {
    const DimChain& chain = choice.chains[static_cast<int>(dim)];
    at(dram.temporal, dim) = chain.dram;
    at(folds.temporal, dim) = chain.buffer;
    at(registers.temporal, dim) = chain.stream;
  }
  dram.permutation = letters(choice.dram_order);
  return mapping;
}

Mapping MappingSpace::sample(std::mt19937_64& random, std::uint64_t max_tries) const {
  const PreparedCheck check(m_op, m_arch);  // check_mapping()'s verdict, prepared once
  for (std::uint64_t attempt = 0; attempt < max_tries; ++attempt) {
    Mapping mapping = to_mapping(sample_candidate(random));
    if (check.holds(mapping)) return mapping;
  }
  throw ConfigError(m_op.where, "ops." + m_op.name,
                    "a valid mapping on " + m_arch.name + " among random candidates",
                    "none in " + std::to_string(max_tries) + " tries");
}

double MappingSpace::estimate_valid_count(std::uint64_t samples, std::uint64_t seed) const {
  std::mt19937_64 random(seed);
  std::uint64_t accepted = 0;
  const PreparedCheck check(m_op, m_arch);
  for (std::uint64_t i = 0; i < samples; ++i) accepted += check.holds(to_mapping(sample_candidate(random))) ? 1 : 0;
  return samples == 0 ? 0.0 : candidate_count() * static_cast<double>(accepted) / static_cast<double>(samples);
}

std::optional<std::uint64_t> MappingSpace::count_valid(std::uint64_t max_tuples) const {
  const DataflowRoles roles = dataflow_roles(m_arch.pe_array.dataflow);
  // Validity does not depend on the DRAM loop order, so each valid (chains, flags) pair
  // stands for k! mappings. Depth-first over dims, pruning tuples that overfill the array.
  MappingChoice choice;
  choice.double_buffer.assign(m_arch.buffers.size(), false);
  std::uint64_t tuples = 0;
  std::uint64_t valid = 0;
  bool too_many = false;
  const std::uint64_t flag_sets = std::uint64_t{1} << m_buffer_flags;
  const PreparedCheck check(m_op, m_arch);
  std::function<void(int, std::int64_t, std::int64_t)> visit = [&](int i, std::int64_t rows,
                                                                     std::int64_t cols) {
    if (too_many) return;
    if (i == kNumDims) {
      if (++tuples > max_tuples) {
        too_many = true;
        return;
      }
      choice.dram_order.clear();
      for (const Dim dim : kAllDims) {
        if (choice.chains[static_cast<int>(dim)].dram > 1) choice.dram_order.push_back(dim);
      }
      const auto orders = static_cast<std::uint64_t>(factorial(static_cast<int>(choice.dram_order.size())));
      for (std::uint64_t flags = 0; flags < flag_sets; ++flags) {
        for (int b = 0; b < m_buffer_flags; ++b) choice.double_buffer[b] = ((flags >> b) & 1U) != 0;
        if (check.holds(to_mapping(choice))) valid += orders;
      }
      return;
    }
    for (const auto* pool : {&m_without_dram_loop[i], &m_with_dram_loop[i]}) {
      for (const DimChain& chain : *pool) {
        const std::int64_t next_rows = roles.row_dim[i] ? rows * chain.spatial : rows;
        const std::int64_t next_cols = roles.col_dim[i] ? cols * chain.spatial : cols;
        if (next_rows > m_arch.pe_array.rows || next_cols > m_arch.pe_array.cols) continue;
        choice.chains[i] = chain;
        visit(i + 1, next_rows, next_cols);
      }
    }
  };
  visit(0, 1, 1);
  if (too_many) return std::nullopt;
  return valid;
}

}  // namespace sextant
