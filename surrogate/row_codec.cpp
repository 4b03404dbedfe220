// SPDX-License-Identifier: Apache-2.0
#include "surrogate/row_codec.h"

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

namespace sextant {

std::string encode_row(const Row& row) {
  nlohmann::json cells = nlohmann::json::array();
  for (const Cell& cell : row.cells) {
    if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
      cells.push_back(*integer);
    } else if (const auto* number = std::get_if<double>(&cell)) {
      if (std::isfinite(*number)) {
        cells.push_back(*number);
      } else {
        cells.push_back(nullptr);
      }
    } else {
      cells.push_back(std::get<std::string>(cell));
    }
  }
  nlohmann::json json = {{"sample", row.sample}, {"cells", std::move(cells)}};
  return json.dump();
}

bool decode_row(const std::string& line, const std::vector<Column>& columns, Row& row) {
  const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("sample") || !json.contains("cells")) return false;
  const nlohmann::json& cells = json.at("cells");
  if (!json.at("sample").is_number_integer() || !cells.is_array() || cells.size() != columns.size()) return false;
  Row decoded;
  decoded.sample = json.at("sample").get<std::int64_t>();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const nlohmann::json& cell = cells[i];
    switch (columns[i].type) {
      case ColumnType::kInt64:
        if (!cell.is_number_integer()) return false;
        decoded.cells.emplace_back(cell.get<std::int64_t>());
        break;
      case ColumnType::kFloat64:
        if (cell.is_null()) {
          decoded.cells.emplace_back(std::numeric_limits<double>::quiet_NaN());
        } else if (cell.is_number()) {
          decoded.cells.emplace_back(cell.get<double>());
        } else {
          return false;
        }
        break;
      case ColumnType::kString:
        if (!cell.is_string()) return false;
        decoded.cells.emplace_back(cell.get<std::string>());
        break;
    }
  }
  row = std::move(decoded);
  return true;
}

}  // namespace sextant
