// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "surrogate/design_space.h"

namespace sextant {

/// Bumped whenever a column is added, renamed, removed or changes meaning or unit.
inline constexpr int kDatasetSchemaVersion = 2;  // 2: energy, area, power, EDP columns

enum class ColumnType { kInt64, kFloat64, kString };

/// One 1-D dataset of the HDF5 file: its path ("hifi/latency_cycles"), element type,
/// unit ("cycles", "B", "1" for dimensionless, "" for text) and meaning.
struct Column {
  std::string path;
  ColumnType type = ColumnType::kFloat64;
  std::string unit;
  std::string description;
};

/// A cell: integer, number (NaN = not evaluated) or text.
using Cell = std::variant<std::int64_t, double, std::string>;

/// One sample's values, in the order of dataset_columns().
struct Row {
  std::int64_t sample = -1;  ///< row index
  std::vector<Cell> cells;
};

/// The columns of a dataset for this space: fixed ones plus one arch/ column per
/// parameter. docs/dataset.md lists them.
std::vector<Column> dataset_columns(const DesignSpace& space);

/// Index of a column by path; -1 when absent.
int column_index(const std::vector<Column>& columns, const std::string& path);

/// The row written for a sample that has not finished: status pending, every number NaN.
Row pending_row(const std::vector<Column>& columns, std::int64_t sample);

/// The metrics stored per fidelity (under lowfi/ and hifi/), in order.
const std::vector<std::string>& fidelity_metric_names();

}  // namespace sextant
