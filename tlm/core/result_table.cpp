// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/result_table.h"

#include <cstdio>
#include <set>
#include <vector>

namespace sextant {
namespace {

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string kib(std::uint64_t bytes) { return format("%.1f", static_cast<double>(bytes) / 1024.0); }

std::string pad(const std::string& text, std::size_t width, bool left = false) {
  if (text.size() + 2 > width) width = text.size() + 2;  // always two spaces between columns
  const std::string fill(width - text.size(), ' ');
  return left ? text + fill : fill + text;
}

std::uint64_t value_or_zero(const std::map<std::string, std::uint64_t>& values, const std::string& key) {
  const auto it = values.find(key);
  return it == values.end() ? 0 : it->second;
}

}  // namespace

std::string format_result_table(const Result& result) {
  std::vector<std::string> levels{"DRAM"};
  for (const auto& [level, bytes] : result.total.bytes_read) {
    if (level != "DRAM") levels.push_back(level);
  }
  std::vector<std::string> causes{stall::kDramBandwidth, stall::kBankConflict, stall::kDependency,
                                  stall::kIssue};
  // The NoC's column only where there is a NoC (its key is present).
  if (result.total.stall_cycles.count(stall::kNoc) != 0) causes.emplace_back(stall::kNoc);
  std::size_t name_width = 8;
  for (const OpResult& op : result.ops) name_width = std::max(name_width, op.name.size() + 1);

  std::string header = pad("op", name_width, true) + pad("count", 6) + pad("cycles", 14) +
                       pad("time_us", 12) + pad("util_%", 8);
  std::vector<std::size_t> widths;
  for (const std::string& level : levels) {
    widths.push_back(level.size() + 9);
    header += pad(level + "_rd_KiB", widths.back()) + pad(level + "_wr_KiB", widths.back());
  }
  for (const std::string& cause : causes) header += pad("stall_" + cause + "_cyc", cause.size() + 12);
  std::string table = header + "\n" + std::string(header.size(), '-') + "\n";

  auto row = [&](const OpResult& op, const std::string& name) {
    std::string line = pad(name, name_width, true) + pad(std::to_string(op.count), 6) +
                       pad(std::to_string(op.latency_cycles), 14) + pad(format("%.3f", op.latency_ns / 1000.0), 12) +
                       pad(format("%.1f", op.utilization * 100.0), 8);
    for (std::size_t l = 0; l < levels.size(); ++l) {
      line += pad(kib(value_or_zero(op.bytes_read, levels[l])), widths[l]) +
              pad(kib(value_or_zero(op.bytes_written, levels[l])), widths[l]);
    }
    for (const std::string& cause : causes) {
      line += pad(std::to_string(value_or_zero(op.stall_cycles, cause)), cause.size() + 12);
    }
    return line + "\n";
  };
  for (const OpResult& op : result.ops) table += row(op, op.name);
  table += std::string(header.size(), '-') + "\n";
  table += row(result.total, "total");
  table += "Per-op rows are one instance; the total counts each op `count` times.\n";
  if (result.total.functional) {
    const FunctionalCheck& check = *result.total.functional;
    table += std::string("functional check: ") + (check.passed ? "PASSED" : "FAILED") + ", " +
             std::to_string(check.checked) + " output elements compared, max abs error " +
             format("%g", check.max_abs_error) + "\n";
  }
  return table;
}

}  // namespace sextant
