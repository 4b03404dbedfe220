// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace sextant {

/// One comma-separated field of a text line, trimmed, with its 1-based column.
struct CsvField {
  std::string text;
  int column = 1;
};

/// Splits a line on commas (no quoting: SCALE-Sim's loaders split on ',' only) and trims
/// spaces and tabs around each field.
std::vector<CsvField> split_csv_line(const std::string& line);

}  // namespace sextant
