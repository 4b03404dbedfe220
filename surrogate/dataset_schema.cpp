// SPDX-License-Identifier: Apache-2.0
#include "surrogate/dataset_schema.h"

#include <cmath>
#include <limits>

#include "workloads/op.h"

namespace sextant {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The unit of an arch parameter column: the parameter's own unit when it has one,
/// else the unit docs/config.md gives the key.
std::string parameter_unit(const Parameter& parameter) {
  if (!parameter.unit.empty()) return parameter.unit;
  if (parameter.kind == ParameterKind::kChoice) return "";
  const std::string& key = parameter.key;
  if (ends_with(key, "size") || ends_with(key, "burst") || ends_with(key, "bank_width")) return "B";
  if (ends_with(key, "clock_mhz")) return "MHz";
  if (ends_with(key, "_cycles")) return "cycles";
  if (ends_with(key, "bytes_per_cycle")) return "B/cycle";
  if (ends_with(key, "rows") || ends_with(key, "cols")) return "PEs";
  if (ends_with(key, "_bits")) return "bits";
  return "1";
}

struct MetricSpec {
  const char* name;
  const char* unit;
  const char* description;
};

const std::vector<MetricSpec>& metric_specs() {
  static const std::vector<MetricSpec> specs = {
      {"latency_cycles", "cycles", "latency of one instance of the op"},
      {"latency_ns", "ns", "latency of one instance of the op"},
      {"macs", "MACs", "multiply-accumulates done"},
      {"utilization", "1", "macs / (latency_cycles x PEs)"},
      {"commands", "1", "program commands issued"},
      {"memory_requests", "1", "memory transactions"},
      {"dram_bytes_read", "B", "bytes read from DRAM"},
      {"dram_bytes_written", "B", "bytes written to DRAM"},
      {"stall_dram_bandwidth_cycles", "cycles", "PE-array stall waiting on memory"},
      {"stall_bank_conflict_cycles", "cycles", "PE-array stall on scratchpad banks or ports"},
      {"stall_dependency_cycles", "cycles", "PE-array idle waiting for loads"},
      {"stall_issue_cycles", "cycles", "command issue cost exposed"},
      {"energy_pj", "pJ", "energy of one instance of the op (PPA model, arch's tech table)"},
      {"area_mm2", "mm2", "area of the design"},
      {"power_mw", "mW", "average power over the op"},
      {"edp_pj_cycles", "pJ*cycles", "energy-delay product of one instance"},
  };
  return specs;
}

}  // namespace

const std::vector<std::string>& fidelity_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const MetricSpec& spec : metric_specs()) out.push_back(spec.name);
    return out;
  }();
  return names;
}

std::vector<Column> dataset_columns(const DesignSpace& space) {
  using T = ColumnType;
  std::vector<Column> columns = {
      {"sample", T::kInt64, "1", "row index: sample i is row i"},
      {"status", T::kInt64, "1", "outcome code: -1 pending, 0 ok, 1 invalid_design, 2 invalid_mapping, 3 failed, 4 timeout, 5 crashed (first failing fidelity)"},
      {"reason", T::kString, "", "why the sample is not ok (empty when ok)"},
      {"seed", T::kInt64, "1", "per-row seed derived from the run's seed and the row index"},
      {"arch/design_id", T::kInt64, "1", "design point index; rows of one design share it"},
  };
  for (const Parameter& parameter : space.parameters) {
    // Numbers are stored as numbers so features need no parsing.
    columns.push_back({"arch/" + parameter.key, parameter.numeric() ? T::kInt64 : T::kString,
                       parameter_unit(parameter), "sampled value of arch key " + parameter.key});
  }
  // A tied parameter copies a numeric or a text one: give it its source's type.
  for (const Parameter& parameter : space.parameters) {
    if (parameter.kind != ParameterKind::kTied) continue;
    const int self = column_index(columns, "arch/" + parameter.key);
    const int source = column_index(columns, "arch/" + parameter.tied_to);
    columns[static_cast<std::size_t>(self)].type = columns[static_cast<std::size_t>(source)].type;
    columns[static_cast<std::size_t>(self)].unit = columns[static_cast<std::size_t>(source)].unit;
  }
  const std::vector<Column> workload = {
      {"workload/network", T::kString, "", "network name"},
      {"workload/op_index", T::kInt64, "1", "index of the op in its network"},
      {"workload/op_name", T::kString, "", "op name"},
      {"workload/op_type", T::kString, "", "conv, matmul or fc"},
      {"workload/count", T::kInt64, "1", "times the network runs the op (network total = sum of count x per-op value)"},
      {"workload/stride", T::kInt64, "1", "stride (both axes)"},
      {"workload/padding", T::kInt64, "1", "padding on every side"},
      {"workload/dilation", T::kInt64, "1", "dilation (both axes)"},
      {"workload/macs", T::kInt64, "MACs", "multiply-accumulates of one instance"},
  };
  columns.insert(columns.end(), workload.begin(), workload.end());
  for (int d = 0; d < kNumDims; ++d) {
    columns.push_back({std::string("workload/") + dim_letter(static_cast<Dim>(d)), T::kInt64, "1",
                       std::string("loop bound of dim ") + dim_letter(static_cast<Dim>(d))});
  }
  columns.push_back({"mapping/policy", T::kString, "", "how the mapping was chosen (default = the default mapper)"});
  columns.push_back({"mapping/valid", T::kInt64, "1", "1 when a mapping was found and passed check_mapping, else 0"});
  columns.push_back({"mapping/rows_used", T::kInt64, "PEs", "PE rows the spatial fan-out uses"});
  columns.push_back({"mapping/cols_used", T::kInt64, "PEs", "PE columns the spatial fan-out uses"});
  for (int d = 0; d < kNumDims; ++d) {
    columns.push_back({std::string("mapping/dram_factor_") + dim_letter(static_cast<Dim>(d)), T::kInt64, "1",
                       std::string("DRAM-level temporal factor of dim ") + dim_letter(static_cast<Dim>(d))});
  }
  columns.push_back({"mapping/dram_permutation", T::kString, "", "DRAM-level loop order, innermost first"});
  columns.push_back({"mapping/yaml", T::kString, "", "the whole mapping, Timeloop-style YAML (docs/mapping.md)"});
  for (const char* group : {"lowfi", "hifi"}) {
    const std::string which = std::string(group) == "lowfi" ? "analytical model" : "TLM model";
    columns.push_back({std::string(group) + "/status", T::kInt64, "1", "outcome code of the " + which + " (-1 = not evaluated)"});
    columns.push_back({std::string(group) + "/reason", T::kString, "", "why the " + which + " gave no result"});
    for (const MetricSpec& spec : metric_specs()) {
      columns.push_back({std::string(group) + "/" + spec.name, T::kFloat64, spec.unit,
                         std::string(spec.description) + ", " + which + " (NaN = no result)"});
    }
  }
  columns.push_back({"timing/lowfi_wall_s", T::kFloat64, "s", "wall-clock time of the analytical evaluation (not reproducible)"});
  columns.push_back({"timing/hifi_wall_s", T::kFloat64, "s", "wall-clock time of the TLM evaluation, process start to end (not reproducible)"});
  return columns;
}

int column_index(const std::vector<Column>& columns, const std::string& path) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].path == path) return static_cast<int>(i);
  }
  return -1;
}

Row pending_row(const std::vector<Column>& columns, std::int64_t sample) {
  Row row;
  row.sample = sample;
  for (const Column& column : columns) {
    switch (column.type) {
      case ColumnType::kInt64: row.cells.emplace_back(std::int64_t{-1}); break;
      case ColumnType::kFloat64: row.cells.emplace_back(std::numeric_limits<double>::quiet_NaN()); break;
      case ColumnType::kString: row.cells.emplace_back(std::string()); break;
    }
  }
  row.cells[0] = sample;
  return row;
}

}  // namespace sextant
