// SPDX-License-Identifier: Apache-2.0
#include "workloads/mapping_template.h"

#include <algorithm>
#include <initializer_list>

#include "workloads/mapping_validity.h"

namespace sextant {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

void set_permutation(std::string& text, std::initializer_list<Dim> innermost_first) {
  std::string letters;
  for (const Dim dim : innermost_first) letters += dim_letter(dim);
  text = complete_permutation(letters);
}

}  // namespace

void place_template_spatial(const Op& op, const ArchConfig& arch, DimArray& rows, DimArray& cols) {
  const auto fill = [&](DimArray& side, std::initializer_list<Dim> dims, std::int64_t size) {
    side = ones();
    std::int64_t remaining = std::max<std::int64_t>(size, 1);
    for (const Dim dim : dims) {
      const std::int64_t factor = std::min(op.dim(dim), remaining);
      at(side, dim) = factor;
      remaining /= factor;
    }
  };
  const Dataflow flow = arch.pe_array.dataflow;
  if (flow == Dataflow::kOutputStationary) {
    fill(rows, {Dim::Q, Dim::P, Dim::N}, arch.pe_array.rows);
  } else {
    fill(rows, {Dim::C, Dim::R, Dim::S}, arch.pe_array.rows);
  }
  if (flow == Dataflow::kInputStationary) {
    fill(cols, {Dim::Q, Dim::P, Dim::N}, arch.pe_array.cols);
  } else {
    fill(cols, {Dim::K}, arch.pe_array.cols);
  }
}

Mapping template_mapping(const Op& op, const ArchConfig& arch, const DimArray& rows, const DimArray& cols) {
  const DataflowRoles roles = dataflow_roles(arch.pe_array.dataflow);
  const std::vector<std::string> names = arch.storage_levels();
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
    }
    mapping.levels.push_back(std::move(level));
  }
  LevelMapping& folds = mapping.levels[names.size() - 2];
  set_permutation(folds.permutation, {Dim::C, Dim::R, Dim::S, Dim::K, Dim::Q, Dim::P, Dim::N, Dim::G});
  std::string streamed;
  for (const Dim dim : {Dim::Q, Dim::P, Dim::N, Dim::K, Dim::C, Dim::S, Dim::R}) {
    if (roles.stream_dim[static_cast<int>(dim)]) streamed += dim_letter(dim);
  }
  mapping.levels.back().permutation = complete_permutation(streamed);
  mapping.spatial.target = folds.target;
  mapping.spatial.rows = rows;
  mapping.spatial.cols = cols;
  mapping.where = op.where;
  return mapping;
}

void set_template_factors(const Op& op, const DataflowRoles& roles, const DimArray& tile, Mapping& mapping) {
  LevelMapping& dram = mapping.levels.front();
  LevelMapping& folds = mapping.levels[mapping.levels.size() - 2];
  LevelMapping& registers = mapping.levels.back();
  for (const Dim d : kAllDims) {
    const std::int64_t unit = at(mapping.spatial.rows, d) * at(mapping.spatial.cols, d);
    const std::int64_t stream = roles.stream_dim[static_cast<int>(d)] ? at(tile, d) : 1;
    at(registers.temporal, d) = stream;
    at(folds.temporal, d) = ceil_div(at(tile, d), unit * stream);
    at(dram.temporal, d) = ceil_div(op.dim(d), unit * stream * at(folds.temporal, d));
  }
}

}  // namespace sextant
