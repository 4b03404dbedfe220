// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping_space.h"

#include <algorithm>
#include <limits>

#include "workloads/mapping_template.h"

namespace sextant {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

void set_permutation(std::string& text, const std::array<Dim, kNumDims>& order) {
  text.resize(kNumDims);
  for (int i = 0; i < kNumDims; ++i) text[static_cast<std::size_t>(i)] = dim_letter(order[static_cast<std::size_t>(i)]);
}

}  // namespace

TilingSpace::TilingSpace(const Op& op, const ArchConfig& arch)
    : m_op(op), m_arch(arch), m_roles(dataflow_roles(arch.pe_array.dataflow)) {
  place_template_spatial(op, arch, m_rows, m_cols);
  for (Dim d : kAllDims) at(m_unit, d) = at(m_rows, d) * at(m_cols, d);
}

std::int64_t TilingSpace::tile_choices(Dim dim) const { return ceil_div(m_op.dim(dim), at(m_unit, dim)); }

std::int64_t TilingSpace::tile_extent(Dim dim, std::int64_t index) const {
  return std::min(m_op.dim(dim), (index + 1) * at(m_unit, dim));
}

std::uint64_t TilingSpace::size() const {
  std::uint64_t points = 1;
  int looping = 0;
  for (Dim d : kAllDims) {
    const auto choices = static_cast<std::uint64_t>(tile_choices(d));
    points = saturating_product(points, choices);
    if (choices > 1) ++looping;
  }
  std::uint64_t orders = 1;
  for (int i = 2; i <= looping; ++i) orders *= static_cast<std::uint64_t>(i);
  points = saturating_product(points, orders);
  return saturating_product(points, std::uint64_t{1} << m_arch.buffers.size());
}

MappingPoint TilingSpace::random_point(std::mt19937_64& rng) const {
  MappingPoint point;
  for (Dim d : kAllDims) {
    std::uniform_int_distribution<std::int64_t> pick(0, tile_choices(d) - 1);
    at(point.tile, d) = tile_extent(d, pick(rng));
  }
  point.order = kAllDims;
  std::shuffle(point.order.begin(), point.order.end(), rng);
  std::uniform_int_distribution<std::uint32_t> db(0, (1u << m_arch.buffers.size()) - 1);
  point.double_buffer = db(rng);
  return point;
}

std::vector<MappingPoint> TilingSpace::neighbours(const MappingPoint& point) const {
  std::vector<MappingPoint> result;
  for (Dim d : kAllDims) {
    const std::int64_t unit = at(m_unit, d);
    const std::int64_t index = ceil_div(at(point.tile, d), unit) - 1;
    for (const std::int64_t step : {-1, 1}) {
      const std::int64_t next = index + step;
      if (next < 0 || next >= tile_choices(d)) continue;
      MappingPoint changed = point;
      at(changed.tile, d) = tile_extent(d, next);
      result.push_back(changed);
    }
    // Halving and doubling move faster through long dims.
    for (const std::int64_t target : {(index + 1) / 2 - 1, 2 * index + 1}) {
      if (target < 0 || target >= tile_choices(d) || target == index - 1 || target == index + 1 || target == index) continue;
      MappingPoint changed = point;
      at(changed.tile, d) = tile_extent(d, target);
      result.push_back(changed);
    }
  }
  for (int i = 0; i + 1 < kNumDims; ++i) {
    MappingPoint changed = point;
    std::swap(changed.order[static_cast<std::size_t>(i)], changed.order[static_cast<std::size_t>(i + 1)]);
    result.push_back(changed);
  }
  for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
    MappingPoint changed = point;
    changed.double_buffer ^= 1u << b;
    result.push_back(changed);
  }
  return result;
}

void TilingSpace::fill_mapping(const MappingPoint& point, Mapping& mapping) const {
  // The template's levels once; later calls only rewrite factors, order and flags.
  if (mapping.levels.size() != m_arch.buffers.size() + 2) mapping = template_mapping(m_op, m_arch, m_rows, m_cols);
  for (std::size_t b = 0; b < m_arch.buffers.size(); ++b) {
    mapping.levels[b + 1].double_buffer = ((point.double_buffer >> b) & 1u) != 0;
  }
  set_template_factors(m_op, m_roles, point.tile, mapping);
  set_permutation(mapping.levels.front().permutation, point.order);
}

bool TilingSpace::is_valid(const MappingPoint& point) const {
  return tiles_fit(m_op, point.tile, point.double_buffer, m_arch);
}

Mapping TilingSpace::to_mapping(const MappingPoint& point) const {
  Mapping mapping;
  fill_mapping(point, mapping);
  return mapping;
}

}  // namespace sextant
