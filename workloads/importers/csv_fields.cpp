// SPDX-License-Identifier: Apache-2.0
#include "workloads/importers/csv_fields.h"

namespace sextant {

std::vector<CsvField> split_csv_line(const std::string& line) {
  std::vector<CsvField> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string::npos ? line.size() : comma;
    std::size_t first = start;
    std::size_t last = end;
    while (first < last && (line[first] == ' ' || line[first] == '\t' || line[first] == '\r')) ++first;
    while (last > first && (line[last - 1] == ' ' || line[last - 1] == '\t' || line[last - 1] == '\r')) --last;
    fields.push_back({line.substr(first, last - first), static_cast<int>(first) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

}  // namespace sextant
