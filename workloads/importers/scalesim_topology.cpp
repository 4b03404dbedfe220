// SPDX-License-Identifier: Apache-2.0
#include "workloads/importers/scalesim_topology.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "tlm/core/config_error.h"
#include "tlm/core/yaml_access.h"
#include "workloads/importers/csv_fields.h"

namespace sextant {
namespace {

const std::vector<std::string> kConvColumns = {"Layer name", "IFMAP Height", "IFMAP Width", "Filter Height",
                                               "Filter Width", "Channels", "Num Filter", "Strides"};
const std::vector<std::string> kGemmColumns = {"Layer", "M", "N", "K"};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

class RowReader {
 public:
  RowReader(const std::string& file, int line) : m_file(file), m_line(line) {}

  [[noreturn]] void fail(const CsvField& field, const std::string& key, const std::string& expected) const {
    throw ConfigError(SourceLocation{m_file, m_line, field.column}, key, expected, "'" + field.text + "'");
  }

  std::int64_t positive(const CsvField& field, const std::string& key) const {
    const std::string& text = field.text;
    const bool digits = !text.empty() && text.size() <= 18 &&
                        std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits || std::stoll(text) < 1) fail(field, key, "a positive integer");
    return std::stoll(text);
  }

  /// v3's optional N:M sparsity ratio: only dense ratios (N = M) describe what Sextant models.
  void dense_ratio(const CsvField& field) const {
    const auto colon = field.text.find(':');
    const CsvField n{field.text.substr(0, colon), field.column};
    const CsvField m{field.text.substr(colon + 1), field.column};
    const std::string key = "Sparsity";
    const std::string expected = "a dense N:M ratio with N = M (Sextant does not model structured sparsity)";
    const bool numbers = !n.text.empty() && !m.text.empty() &&
                         std::all_of(n.text.begin(), n.text.end(), [](unsigned char c) { return std::isdigit(c) != 0; }) &&
                         std::all_of(m.text.begin(), m.text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!numbers || n.text.size() > 9 || m.text.size() > 9 || std::stoll(n.text) < 1 || std::stoll(n.text) != std::stoll(m.text)) {
      fail(field, key, expected);
    }
  }

  SourceLocation where(int column) const { return SourceLocation{m_file, m_line, column}; }

 private:
  const std::string& m_file;
  int m_line;
};

std::string join(const std::vector<std::string>& columns) {
  std::string text;
  for (const std::string& column : columns) text += (text.empty() ? "" : ", ") + column;
  return text;
}

Op conv_row(const RowReader& row, const std::vector<CsvField>& fields) {
  if (fields.size() != 8 && fields.size() != 9) {
    throw ConfigError(row.where(1), "row",
                      "8 fields (" + join(kConvColumns) + ") and an optional 9th (v2: stride width; v3: N:M "
                      "sparsity), then a trailing comma",
                      std::to_string(fields.size()) + " fields before the last comma");
  }
  const std::string& name = fields[0].text;
  if (name.empty()) row.fail(fields[0], kConvColumns[0], "a layer name");
  std::int64_t value[8] = {};
  for (int i = 1; i < 8; ++i) value[i] = row.positive(fields[i], kConvColumns[i]);
  const std::int64_t in_h = value[1], in_w = value[2], filter_h = value[3], filter_w = value[4];
  const std::int64_t channels = value[5], filters = value[6], stride_h = value[7];
  std::int64_t stride_w = stride_h;
  if (fields.size() == 9) {
    if (fields[8].text.find(':') != std::string::npos) {
      row.dense_ratio(fields[8]);
    } else {
      stride_w = row.positive(fields[8], "Stride width");
    }
  }
  // SCALE-Sim asserts these; its output size is ceil((in - filter + stride) / stride).
  if (filter_h > in_h) row.fail(fields[3], kConvColumns[3], "a filter height <= the IFMAP height " + std::to_string(in_h));
  if (filter_w > in_w) row.fail(fields[4], kConvColumns[4], "a filter width <= the IFMAP width " + std::to_string(in_w));
  // Op dims are products of these; keep them far from overflow (no real layer comes close).
  constexpr std::int64_t kMaxExtent = std::int64_t{1} << 30;
  for (int i = 1; i < 8; ++i) {
    if (value[i] > kMaxExtent) row.fail(fields[static_cast<std::size_t>(i)], kConvColumns[static_cast<std::size_t>(i)], "at most 2^30");
  }
  const int kMaxStride = 1 << 20;
  if (stride_h > kMaxStride) row.fail(fields[7], kConvColumns[7], "a stride <= " + std::to_string(kMaxStride));
  if (stride_w > kMaxStride) row.fail(fields[8], "Stride width", "a stride <= " + std::to_string(kMaxStride));

  // "DP" anywhere in the name: SCALE-Sim runs one single-channel layer per channel, each
  // with all Num Filter filters; as one op that is a grouped conv with one group per channel.
  const bool depthwise = name.find("DP") != std::string::npos;
  const std::int64_t groups = depthwise ? channels : 1;
  const std::int64_t out_channels = depthwise ? channels * filters : filters;
  Op op = make_conv(name, 1, channels, out_channels, in_h, in_w, filter_h, filter_w, static_cast<int>(stride_h), 0, 1,
                    static_cast<int>(groups));
  if (stride_w != stride_h) {
    op.stride_w = static_cast<int>(stride_w);
    at(op.dims, Dim::Q) = (in_w - filter_w) / stride_w + 1;
  }
  return op;
}

Op gemm_row(const RowReader& row, const std::vector<CsvField>& fields) {
  if (fields.size() != 4 && fields.size() != 5) {
    throw ConfigError(row.where(1), "row",
                      "4 fields (" + join(kGemmColumns) + ") and an optional 5th (v3: N:M sparsity), then a "
                      "trailing comma",
                      std::to_string(fields.size()) + " fields before the last comma");
  }
  if (fields[0].text.empty()) row.fail(fields[0], kGemmColumns[0], "a layer name");
  const std::int64_t m = row.positive(fields[1], "M");
  const std::int64_t n = row.positive(fields[2], "N");
  const std::int64_t k = row.positive(fields[3], "K");
  if (fields.size() == 5) {
    if (fields[4].text.find(':') == std::string::npos) row.fail(fields[4], "Sparsity", "an N:M sparsity ratio");
    row.dense_ratio(fields[4]);
  }
  return make_matmul(fields[0].text, m, n, k);
}

}  // namespace

Network load_scalesim_topology(const std::string& path) {
  return parse_scalesim_topology(read_text_file(path), path);
}

Network parse_scalesim_topology(const std::string& text, const std::string& file) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  const std::vector<CsvField> header = split_csv_line(lines.front());
  bool gemm = false;
  if (header.size() >= 2 && lower(header[1].text) == "m") {
    gemm = true;
  } else if (header.size() < 2 || lower(header[1].text).find("ifmap") == std::string::npos) {
    throw ConfigError(SourceLocation{file, 1, 1}, "header",
                      "a SCALE-Sim topology header: '" + join(kConvColumns) + ",' or '" + join(kGemmColumns) + ",'",
                      "'" + lines.front() + "'");
  }

  Network network;
  network.name = stem(file);
  network.source = "SCALE-Sim topology " + file;
  std::map<std::string, int> line_of_name;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int line = static_cast<int>(i) + 1;
    std::vector<CsvField> fields = split_csv_line(lines[i]);
    if (fields.size() == 1 && fields.front().text.empty()) continue;  // blank row, as SCALE-Sim
    const RowReader row(file, line);
    // SCALE-Sim drops the last field of every row: it must be the empty one after the
    // trailing comma, or a value would be silently lost.
    if (!fields.back().text.empty()) {
      row.fail(fields.back(), "last field",
               "a trailing comma (SCALE-Sim drops each row's last field, so this value would be lost)");
    }
    fields.pop_back();
    Op op;
    try {
      op = gemm ? gemm_row(row, fields) : conv_row(row, fields);
    } catch (const ConfigError& error) {
      if (!error.where().file.empty()) throw;
      throw ConfigError(row.where(1), error.key_path(), error.expected(), error.found());
    }
    const auto [previous, inserted] = line_of_name.emplace(op.name, line);
    if (!inserted) {
      row.fail(fields.front(), "Layer name", "a unique layer name (used on line " + std::to_string(previous->second) + ")");
    }
    op.where = row.where(1);
    network.ops.push_back(std::move(op));
  }
  if (network.ops.empty()) {
    throw ConfigError(SourceLocation{file, 1, 1}, "rows", "at least one layer row after the header", "none");
  }
  return network;
}

}  // namespace sextant
