// SPDX-License-Identifier: Apache-2.0
// Two layers, as in DRAMSys: the YAML is read into a spec (what the user wrote, every field
// optional, each with the place it was written), then validate() applies the defaults,
// checks ranges and cross-key rules, and builds the ArchConfig that models see.
#include "tlm/core/arch_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <cmath>
#include <cstdint>
#include <locale>
#include <optional>
#include <sstream>
#include <utility>

#include "tlm/core/config_error.h"
#include "tlm/core/overrides.h"
#include "tlm/core/units.h"
#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

/// buffers.N.partial_sums_overflow: whether partial sums that do not all fit overwrite
/// each other (true) or spill to DRAM (false).
const std::vector<std::pair<std::string, bool>> kPartialSumsOverflowNames = {{"spill", false}, {"overwrite", true}};

const std::vector<std::pair<std::string, Dataflow>> kDataflowNames = {
    {"OS", Dataflow::kOutputStationary},
    {"WS", Dataflow::kWeightStationary},
    {"IS", Dataflow::kInputStationary}};
const std::vector<std::pair<std::string, Arithmetic>> kArithmeticNames = {
    {"int", Arithmetic::kInteger}, {"float", Arithmetic::kFloat}};
const std::vector<std::pair<std::string, MemoryModel>> kMemoryModelNames = {
    {"ideal", MemoryModel::kIdeal}, {"fixed", MemoryModel::kFixed}, {"dram", MemoryModel::kDram}};
const std::vector<std::pair<std::string, TensorKind>> kTensorNames = {
    {"inputs", TensorKind::kInputs},
    {"weights", TensorKind::kWeights},
    {"outputs", TensorKind::kOutputs}};

// ---------------------------------------------------------------------------------------
// Spec: what the user wrote.

/// One value as written: absent (nullopt) or present, with where it was written (the
/// enclosing map's location when absent) so that validate() can point at it.
template <typename T>
struct Setting {
  std::optional<T> value;
  SourceLocation where;
  std::string key_path;
};

struct PeArraySpec {
  Setting<std::int64_t> rows, cols, operand_bits, accumulator_bits, output_bits;
  Setting<Dataflow> dataflow;
  Setting<Arithmetic> arithmetic;
  Setting<bool> fold_overlap;
  Setting<std::int64_t> compute_command_rows, compute_command_min_cycles, compute_commands_in_flight;
};

struct BufferSpec {
  Setting<std::string> name;
  Setting<std::vector<TensorKind>> holds;
  Setting<std::uint64_t> size, bank_width;
  Setting<std::int64_t> banks, ports, latency_cycles;
  Setting<bool> keep_partial_sums;
  Setting<bool> overwrite_partial_sums;  ///< partial_sums_overflow: overwrite
};

struct ArchSpec {
  Setting<std::string> name, description, tech;
  Setting<double> clock_mhz;
  PeArraySpec pe_array;
  SourceLocation buffers_where;
  std::vector<BufferSpec> buffers;
  Setting<std::int64_t> dma_bytes_per_cycle, dma_outstanding, issue_cycles, matmul_issue_cycles, memory_latency;
  Setting<std::int64_t> tile_issue_cycles, matmul_tile_issue_cycles;
  Setting<bool> reload_unchanged_tiles;
  Setting<std::uint64_t> dma_burst, dma_row_bytes;
  Setting<std::int64_t> dma_command_requests, dma_commands_in_flight, dma_tlb_entries, dma_tlb_miss_cycles;
  Setting<std::uint64_t> dma_page_bytes;
  Setting<MemoryModel> memory_model;
  Setting<double> memory_bandwidth;
  std::optional<DramConfig> dram;  ///< validated on reading: the section is self-contained
  std::optional<LlcConfig> llc;    ///< validated on reading, like dram
  std::optional<LlcConfig> l2;     ///< memory.l2, the same schema as memory.llc
  std::optional<NocConfig> noc;    ///< validated on reading too
  Setting<std::int64_t> vector_lanes, vector_latency, vector_transcendental;
};

template <typename T, typename Read>
Setting<T> read_with(YamlMap& map, const std::string& key, Read read) {
  Setting<T> setting{std::nullopt, map.location(key), map.key_path(key)};
  map.raw(key);  // known even when absent, so finish() accepts it
  if (map.has(key)) setting.value = read();
  return setting;
}

template <typename T>
Setting<T> read(YamlMap& map, const std::string& key, T (YamlMap::*getter)(const std::string&)) {
  return read_with<T>(map, key, [&] { return (map.*getter)(key); });
}

template <typename Enum>
Setting<Enum> read_enum(YamlMap& map, const std::string& key,
                        const std::vector<std::pair<std::string, Enum>>& names) {
  return read_with<Enum>(map, key, [&] { return map.get_enum(key, names); });
}

Setting<std::vector<TensorKind>> read_holds(YamlMap& map) {
  return read_with<std::vector<TensorKind>>(map, "holds", [&] {
    const std::vector<YAML::Node> items = map.get_list("holds");
    std::vector<TensorKind> kinds;
    for (const YAML::Node& item : items) {
      const std::string item_path = map.key_path("holds") + "." + std::to_string(kinds.size());
      const std::string text = item.IsScalar() ? item.Scalar() : "";
      bool known = false;
      for (const auto& [name, kind] : kTensorNames) {
        if (name == text) {
          kinds.push_back(kind);
          known = true;
        }
      }
      if (!known) {
        throw ConfigError(location_of(item, map.file()), item_path,
                          "one of inputs, weights, outputs", describe_node(item));
      }
    }
    return kinds;
  });
}

PeArraySpec read_pe_array(YamlMap map) {
  PeArraySpec spec;
  spec.rows = read<std::int64_t>(map, "rows", &YamlMap::get_int);
  spec.cols = read<std::int64_t>(map, "cols", &YamlMap::get_int);
  spec.dataflow = read_enum(map, "dataflow", kDataflowNames);
  spec.arithmetic = read_enum(map, "arithmetic", kArithmeticNames);
  spec.operand_bits = read<std::int64_t>(map, "operand_bits", &YamlMap::get_int);
  spec.accumulator_bits = read<std::int64_t>(map, "accumulator_bits", &YamlMap::get_int);
  spec.fold_overlap = read<bool>(map, "fold_overlap", &YamlMap::get_bool);
  spec.compute_command_rows = read<std::int64_t>(map, "compute_command_rows", &YamlMap::get_int);
  spec.compute_command_min_cycles = read<std::int64_t>(map, "compute_command_min_cycles", &YamlMap::get_int);
  spec.compute_commands_in_flight = read<std::int64_t>(map, "compute_commands_in_flight", &YamlMap::get_int);
  spec.output_bits = read<std::int64_t>(map, "output_bits", &YamlMap::get_int);
  map.finish();
  return spec;
}

BufferSpec read_buffer(YamlMap map) {
  BufferSpec spec;
  spec.name = read<std::string>(map, "name", &YamlMap::get_string);
  spec.holds = read_holds(map);
  spec.size = read<std::uint64_t>(map, "size", &YamlMap::get_size_bytes);
  spec.banks = read<std::int64_t>(map, "banks", &YamlMap::get_int);
  spec.bank_width = read<std::uint64_t>(map, "bank_width", &YamlMap::get_size_bytes);
  spec.ports = read<std::int64_t>(map, "ports", &YamlMap::get_int);
  spec.latency_cycles = read<std::int64_t>(map, "latency_cycles", &YamlMap::get_int);
  spec.keep_partial_sums = read<bool>(map, "keep_partial_sums", &YamlMap::get_bool);
  spec.overwrite_partial_sums = read_enum(map, "partial_sums_overflow", kPartialSumsOverflowNames);
  map.finish();
  return spec;
}

ArchSpec read_spec(const YAML::Node& node, const std::string& file) {
  YamlMap root(node, file, "");
  ArchSpec spec;
  spec.name = read<std::string>(root, "name", &YamlMap::get_string);
  spec.description = read<std::string>(root, "description", &YamlMap::get_string);
  spec.clock_mhz = read<double>(root, "clock_mhz", &YamlMap::get_double);
  spec.tech = read<std::string>(root, "tech", &YamlMap::get_string);
  spec.pe_array = read_pe_array(root.get_map("pe_array"));

  spec.buffers_where = root.location("buffers");
  const std::vector<YAML::Node> buffers = root.get_list("buffers");
  if (buffers.empty()) root.fail("buffers", "a list of at least one buffer");
  for (const YAML::Node& item : buffers) {
    spec.buffers.push_back(
        read_buffer(YamlMap(item, file, "buffers." + std::to_string(spec.buffers.size()))));
  }

  // Optional sections: absent means every key takes its default.
  if (root.has("dma")) {
    YamlMap dma = root.get_map("dma");
    spec.dma_bytes_per_cycle = read<std::int64_t>(dma, "bytes_per_cycle", &YamlMap::get_int);
    spec.dma_burst = read<std::uint64_t>(dma, "burst", &YamlMap::get_size_bytes);
    spec.dma_outstanding = read<std::int64_t>(dma, "outstanding", &YamlMap::get_int);
    spec.dma_row_bytes = read<std::uint64_t>(dma, "row_bytes", &YamlMap::get_size_bytes);
    spec.dma_command_requests = read<std::int64_t>(dma, "command_requests", &YamlMap::get_int);
    spec.dma_commands_in_flight = read<std::int64_t>(dma, "commands_in_flight", &YamlMap::get_int);
    spec.dma_tlb_entries = read<std::int64_t>(dma, "tlb_entries", &YamlMap::get_int);
    spec.dma_tlb_miss_cycles = read<std::int64_t>(dma, "tlb_miss_cycles", &YamlMap::get_int);
    spec.dma_page_bytes = read<std::uint64_t>(dma, "page_bytes", &YamlMap::get_size_bytes);
    dma.finish();
  }
  if (root.has("controller")) {
    YamlMap controller = root.get_map("controller");
    spec.issue_cycles = read<std::int64_t>(controller, "issue_cycles", &YamlMap::get_int);
    spec.matmul_issue_cycles = read<std::int64_t>(controller, "matmul_issue_cycles", &YamlMap::get_int);
    spec.tile_issue_cycles = read<std::int64_t>(controller, "tile_issue_cycles", &YamlMap::get_int);
    spec.matmul_tile_issue_cycles = read<std::int64_t>(controller, "matmul_tile_issue_cycles", &YamlMap::get_int);
    spec.reload_unchanged_tiles = read<bool>(controller, "reload_unchanged_tiles", &YamlMap::get_bool);
    controller.finish();
  }
  if (root.has("memory")) {
    YamlMap memory = root.get_map("memory");
    spec.memory_model = read_enum(memory, "model", kMemoryModelNames);
    spec.memory_bandwidth = read<double>(memory, "bandwidth_bytes_per_cycle", &YamlMap::get_double);
    spec.memory_latency = read<std::int64_t>(memory, "latency_cycles", &YamlMap::get_int);
    memory.raw("dram");
    if (memory.has("dram")) {
      YamlMap dram = memory.get_map("dram");
      spec.dram = read_dram_config(dram);
    }
    memory.raw("llc");
    if (memory.has("llc")) {
      YamlMap llc = memory.get_map("llc");
      spec.llc = read_llc_config(llc);
    }
    memory.raw("l2");
    if (memory.has("l2")) {
      YamlMap l2 = memory.get_map("l2");
      spec.l2 = read_llc_config(l2);
    }
    memory.finish();
  }
  if (root.has("vector_unit")) {
    YamlMap vector_unit = root.get_map("vector_unit");
    spec.vector_lanes = read<std::int64_t>(vector_unit, "lanes", &YamlMap::get_int);
    spec.vector_latency = read<std::int64_t>(vector_unit, "pipeline_latency_cycles", &YamlMap::get_int);
    spec.vector_transcendental =
        read<std::int64_t>(vector_unit, "transcendental_cycles", &YamlMap::get_int);
    vector_unit.finish();
  }
  root.raw("dma");
  root.raw("controller");
  root.raw("vector_unit");
  root.raw("memory");
  root.raw("noc");
  if (root.has("noc")) {
    YamlMap noc = root.get_map("noc");
    spec.noc = read_noc_config(noc);
  }
  root.finish();
  return spec;
}

// ---------------------------------------------------------------------------------------
// Validation: defaults, ranges, cross-key rules.

template <typename T>
[[noreturn]] void reject(const Setting<T>& setting, const std::string& expected,
                         const std::string& found) {
  throw ConfigError(setting.where, setting.key_path, expected, found);
}

template <typename T>
T required(const Setting<T>& setting, const std::string& expected) {
  if (!setting.value) reject(setting, expected, "nothing");
  return *setting.value;
}

template <typename T>
T value_or(const Setting<T>& setting, T fallback) {
  return setting.value.value_or(fallback);
}

std::string shown(std::int64_t value, bool is_default) {
  return std::to_string(value) + (is_default ? " (the default)" : "");
}

/// An integer in [minimum, maximum]; fallback when absent (nullopt = required).
std::int64_t int_in_range(const Setting<std::int64_t>& setting, std::int64_t minimum,
                          std::int64_t maximum, std::optional<std::int64_t> fallback) {
  const std::string at_least = "an integer >= " + std::to_string(minimum);
  if (!setting.value && !fallback) reject(setting, at_least, "nothing");
  const std::int64_t value = setting.value.value_or(fallback.value_or(0));
  if (value < minimum) reject(setting, at_least, std::to_string(value));
  if (value > maximum) {
    reject(setting, "an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum),
           std::to_string(value));
  }
  return value;
}

int int_at_least(const Setting<std::int64_t>& setting, int minimum,
                 std::optional<std::int64_t> fallback = std::nullopt) {
  return static_cast<int>(int_in_range(setting, minimum, INT_MAX, fallback));
}

std::uint32_t size_u32(const Setting<std::uint64_t>& setting, std::uint64_t fallback) {
  const std::uint64_t value = value_or(setting, fallback);
  if (value > UINT32_MAX) {
    reject(setting, "a size below 4 GiB", format_size_bytes(value));
  }
  return static_cast<std::uint32_t>(value);
}

double positive_number(const Setting<double>& setting, std::optional<double> fallback) {
  if (!setting.value && !fallback) reject(setting, "a number > 0", "nothing");
  const double value = setting.value.value_or(fallback.value_or(0.0));
  if (!(value > 0.0)) {
    std::ostringstream text;
    text << value;
    reject(setting, "a number > 0", text.str());
  }
  return value;
}

PeArrayConfig validate_pe_array(const PeArraySpec& spec) {
  PeArrayConfig config;
  config.rows = int_at_least(spec.rows, 1);
  config.cols = int_at_least(spec.cols, 1);
  config.dataflow = required(spec.dataflow, "one of OS, WS, IS");
  config.arithmetic = value_or(spec.arithmetic, Arithmetic::kInteger);
  config.fold_overlap = value_or(spec.fold_overlap, true);
  config.compute_command_rows = int_at_least(spec.compute_command_rows, 0, 0);
  config.compute_command_min_cycles = int_at_least(spec.compute_command_min_cycles, 1, 1);
  config.compute_commands_in_flight = int_at_least(spec.compute_commands_in_flight, 0, 0);
  if (config.compute_commands_in_flight == 1) {
    // A command's place frees only when the command after it has crossed the array.
    reject(spec.compute_commands_in_flight, "0 (no limit) or an integer >= 2", "1");
  }

  const std::int64_t operand_bits = value_or<std::int64_t>(spec.operand_bits, 8);
  if (operand_bits != 8 && operand_bits != 16 && operand_bits != 32) {
    reject(spec.operand_bits, "one of 8, 16, 32", std::to_string(operand_bits));
  }
  const std::int64_t accumulator_bits = value_or<std::int64_t>(spec.accumulator_bits, 32);
  if (accumulator_bits % 8 != 0 || accumulator_bits < operand_bits || accumulator_bits > 64) {
    reject(spec.accumulator_bits,
           "a multiple of 8 from operand_bits (" + std::to_string(operand_bits) + ") to 64",
           shown(accumulator_bits, !spec.accumulator_bits.value));
  }
  if (config.arithmetic == Arithmetic::kFloat) {
    if (operand_bits != 32) {
      reject(spec.operand_bits, "32 when arithmetic is float",
             shown(operand_bits, !spec.operand_bits.value));
    }
    if (accumulator_bits != 32) {
      reject(spec.accumulator_bits, "32 when arithmetic is float",
             shown(accumulator_bits, !spec.accumulator_bits.value));
    }
  }
  config.operand_bits = static_cast<int>(operand_bits);
  config.accumulator_bits = static_cast<int>(accumulator_bits);
  const std::int64_t output_bits = value_or<std::int64_t>(spec.output_bits, accumulator_bits);
  if (output_bits % 8 != 0 || output_bits < 8 || output_bits > accumulator_bits) {
    reject(spec.output_bits, "a multiple of 8 from 8 to accumulator_bits (" + std::to_string(accumulator_bits) + ")",
           std::to_string(output_bits));
  }
  if (config.arithmetic == Arithmetic::kFloat && output_bits != 32) {
    reject(spec.output_bits, "32 when arithmetic is float", std::to_string(output_bits));
  }
  config.output_bits = static_cast<int>(output_bits);
  return config;
}

BufferConfig validate_buffer(const BufferSpec& spec) {
  BufferConfig config;
  config.name = required(spec.name, "a buffer name");
  if (config.name.empty() || config.name == "DRAM" || config.name == "Registers") {
    reject(spec.name, "a non-empty name other than DRAM and Registers (storage levels)",
           "'" + config.name + "'");
  }
  const std::vector<TensorKind> holds =
      required(spec.holds, "a list of tensors (inputs, weights, outputs)");
  if (holds.empty())
    reject(spec.holds, "a non-empty list of inputs, weights, outputs", "an empty list");
  for (const TensorKind kind : holds) {
    if (config.holds.has(kind)) {
      reject(spec.holds, "each tensor at most once",
             std::string("'") + tensor_kind_name(kind) + "' twice");
    }
    config.holds.add(kind);
  }
  config.size_bytes = required(spec.size, "a size in bytes (e.g. '256 KiB')");
  config.banks = int_at_least(spec.banks, 1, 1);
  if (config.size_bytes % static_cast<std::uint64_t>(config.banks) != 0) {
    reject(spec.size, "a size divisible by banks (" + std::to_string(config.banks) + ")",
           std::to_string(config.size_bytes) + " B");
  }
  config.bank_width_bytes = size_u32(spec.bank_width, 16);
  config.ports = int_at_least(spec.ports, 1, 1);
  config.latency_cycles = int_at_least(spec.latency_cycles, 0, 1);
  config.keep_partial_sums = value_or(spec.keep_partial_sums, false);
  if (config.keep_partial_sums && !config.holds.has(TensorKind::kOutputs)) {
    reject(spec.keep_partial_sums, "false for a buffer that does not hold outputs", "true");
  }
  config.overwrite_partial_sums = value_or(spec.overwrite_partial_sums, false);
  if (config.overwrite_partial_sums && !config.keep_partial_sums) {
    reject(spec.overwrite_partial_sums, "spill unless keep_partial_sums is true", "overwrite");
  }
  return config;
}

/// Every tensor lives in exactly one on-chip buffer (the mapping's levels depend on it).
void check_tensor_homes(const ArchSpec& spec, const std::vector<BufferConfig>& buffers) {
  for (const TensorKind kind : kAllTensorKinds) {
    const std::string tensor = std::string("'") + tensor_kind_name(kind) + "'";
    int home = -1;
    for (int i = 0; i < static_cast<int>(buffers.size()); ++i) {
      const BufferConfig& buffer = buffers[static_cast<std::size_t>(i)];
      if (!buffer.holds.has(kind)) continue;
      if (home >= 0) {
        const BufferConfig& first = buffers[static_cast<std::size_t>(home)];
        throw ConfigError(spec.buffers[static_cast<std::size_t>(i)].holds.where, "buffers",
                          "each of inputs, weights, outputs held by exactly one buffer",
                          tensor + " held by both '" + first.name + "' (buffers." +
                              std::to_string(home) + ") and '" + buffer.name + "' (buffers." +
                              std::to_string(i) + ")");
      }
      home = i;
    }
    if (home < 0) {
      throw ConfigError(spec.buffers_where, "buffers",
                        "each of inputs, weights, outputs held by exactly one buffer",
                        tensor + " held by no buffer");
    }
  }
}

/// The technology table's name: one of the files in yaml/tech/ (their stems, e.g. 45nm).
std::string validate_tech(const Setting<std::string>& setting) {
  const std::string tech = value_or<std::string>(setting, kDefaultTech);
  const std::vector<std::string> known = technology_names();
  if (std::find(known.begin(), known.end(), tech) != known.end()) return tech;
  std::string valid;
  for (const std::string& name : known) valid += valid.empty() ? name : ", " + name;
  reject(setting, "one of " + valid, "'" + tech + "'");
}

ArchConfig validate(const ArchSpec& spec) {
  ArchConfig config;
  config.name = required(spec.name, "a name for the architecture");
  if (config.name.empty()) reject(spec.name, "a non-empty name", "''");
  config.description = value_or<std::string>(spec.description, "");
  config.clock_mhz = positive_number(spec.clock_mhz, std::nullopt);
  config.tech = validate_tech(spec.tech);
  config.pe_array = validate_pe_array(spec.pe_array);

  for (std::size_t i = 0; i < spec.buffers.size(); ++i) {
    BufferConfig buffer = validate_buffer(spec.buffers[i]);
    if (config.buffer_index(buffer.name) >= 0) {
      reject(spec.buffers[i].name, "a buffer name not used before", "'" + buffer.name + "' again");
    }
    config.buffers.push_back(std::move(buffer));
  }
  check_tensor_homes(spec, config.buffers);

  const DmaConfig dma_defaults;
  config.dma.bytes_per_cycle = static_cast<std::uint32_t>(
      int_in_range(spec.dma_bytes_per_cycle, 1, UINT32_MAX, dma_defaults.bytes_per_cycle));
  config.dma.burst_bytes = size_u32(spec.dma_burst, dma_defaults.burst_bytes);
  config.dma.outstanding = int_at_least(spec.dma_outstanding, 1, dma_defaults.outstanding);
  config.dma.row_bytes = spec.dma_row_bytes.value ? size_u32(spec.dma_row_bytes, 0) : 0;
  config.dma.command_requests = int_at_least(spec.dma_command_requests, 0, dma_defaults.command_requests);
  config.dma.commands_in_flight = int_at_least(spec.dma_commands_in_flight, 0, dma_defaults.commands_in_flight);
  config.dma.tlb_entries = int_at_least(spec.dma_tlb_entries, 0, dma_defaults.tlb_entries);
  config.dma.tlb_miss_cycles = int_at_least(spec.dma_tlb_miss_cycles, 0, dma_defaults.tlb_miss_cycles);
  config.dma.page_bytes = size_u32(spec.dma_page_bytes, dma_defaults.page_bytes);
  if (config.dma.page_bytes == 0 || (config.dma.page_bytes & (config.dma.page_bytes - 1)) != 0) {
    reject(spec.dma_page_bytes, "a power of two", format_size_bytes(config.dma.page_bytes));
  }
  if (config.dma.commands_in_flight > 0 && config.dma.command_requests == 0) {
    reject(spec.dma_commands_in_flight, "0 unless dma.command_requests says how many requests make a command",
           std::to_string(config.dma.commands_in_flight));
  }

  config.controller.issue_cycles =
      int_at_least(spec.issue_cycles, 0, ControllerConfig{}.issue_cycles);
  // Unset: a matrix multiply's commands cost what every other command costs.
  config.controller.matmul_issue_cycles = int_at_least(spec.matmul_issue_cycles, 0, config.controller.issue_cycles);
  config.controller.tile_issue_cycles =
      int_at_least(spec.tile_issue_cycles, 0, ControllerConfig{}.tile_issue_cycles);
  config.controller.matmul_tile_issue_cycles =
      int_at_least(spec.matmul_tile_issue_cycles, 0, config.controller.tile_issue_cycles);
  config.controller.reload_unchanged_tiles =
      value_or(spec.reload_unchanged_tiles, ControllerConfig{}.reload_unchanged_tiles);

  const VectorUnitConfig vector_defaults;
  config.vector_unit.lanes = int_at_least(spec.vector_lanes, 1, vector_defaults.lanes);
  config.vector_unit.pipeline_latency_cycles =
      int_at_least(spec.vector_latency, 0, vector_defaults.pipeline_latency_cycles);
  config.vector_unit.transcendental_cycles =
      int_at_least(spec.vector_transcendental, 1, vector_defaults.transcendental_cycles);

  const MemoryConfig memory_defaults;
  config.memory.model = value_or(spec.memory_model, memory_defaults.model);
  config.memory.bandwidth_bytes_per_cycle =
      positive_number(spec.memory_bandwidth, memory_defaults.bandwidth_bytes_per_cycle);
  config.memory.latency_cycles =
      int_at_least(spec.memory_latency, 0, memory_defaults.latency_cycles);
  config.memory.dram = spec.dram;
  config.memory.llc = spec.llc;
  config.memory.l2 = spec.l2;
  config.noc = spec.noc;
  if (config.memory.model == MemoryModel::kDram && !config.memory.dram) {
    reject(spec.memory_model, "a memory.dram section (e.g. preset: ddr4-2400) with model dram", "none");
  }
  return config;
}

// ---------------------------------------------------------------------------------------
// Dump.

/// The shortest decimal text that reads back to exactly the same double.
std::string format_double(double value) {
  const auto print = [value](int precision, bool fixed) {
    std::ostringstream text;
    text.imbue(std::locale::classic());
    if (fixed) text << std::fixed;
    text.precision(precision);
    text << value;
    return text.str();
  };
  // Whole numbers (clock 700, 48 B/cycle) print as integers, never as "7e+02".
  if (std::floor(value) == value && std::fabs(value) < 1e15) return print(0, true);
  for (int precision = 1; precision < 17; ++precision) {
    const std::string text = print(precision, false);
    std::istringstream back(text);
    back.imbue(std::locale::classic());
    double parsed = 0.0;
    back >> parsed;
    if (parsed == value) return text;
  }
  return print(17, false);
}

}  // namespace

// Switches rather than the name tables above: these may run during other files' static
// initialization, before the tables exist.
const char* dataflow_name(Dataflow dataflow) {
  switch (dataflow) {
    case Dataflow::kOutputStationary:
      return "OS";
    case Dataflow::kWeightStationary:
      return "WS";
    case Dataflow::kInputStationary:
      return "IS";
  }
  return "unknown";
}

const char* arithmetic_name(Arithmetic arithmetic) {
  switch (arithmetic) {
    case Arithmetic::kInteger:
      return "int";
    case Arithmetic::kFloat:
      return "float";
  }
  return "unknown";
}

const char* memory_model_name(MemoryModel model) {
  switch (model) {
    case MemoryModel::kIdeal:
      return "ideal";
    case MemoryModel::kFixed:
      return "fixed";
    case MemoryModel::kDram:
      return "dram";
  }
  return "unknown";
}

const BufferConfig& ArchConfig::buffer_for(TensorKind kind) const {
  for (const BufferConfig& buffer : buffers) {
    if (buffer.holds.has(kind)) return buffer;
  }
  throw ModelError("ArchConfig '" + name + "'",
                   std::string("no buffer holds ") + tensor_kind_name(kind) + " (not validated?)");
}

int ArchConfig::buffer_index(const std::string& buffer_name) const {
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].name == buffer_name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> ArchConfig::storage_levels() const {
  std::vector<std::string> levels{"DRAM"};
  for (const BufferConfig& buffer : buffers) levels.push_back(buffer.name);
  levels.push_back("Registers");
  return levels;
}

ArchConfig parse_arch_config(const std::string& yaml_text, const std::string& file,
                             const std::vector<std::string>& overrides) {
  YAML::Node root = parse_yaml_text(yaml_text, file);
  if (root.IsNull() && root.Mark().is_null()) {
    // An empty document has no mark; point at its start.
    root.reset(YAML::Node(YAML::NodeType::Map));
    if (overrides.empty()) {
      throw ConfigError(SourceLocation{file, 1, 1}, "", "a map of architecture settings",
                        "an empty document");
    }
  }
  apply_overrides(root, overrides);
  return validate(read_spec(root, file));
}

ArchConfig load_arch_config(const std::string& path, const std::vector<std::string>& overrides) {
  return parse_arch_config(read_text_file(path), path, overrides);
}

std::string dump_arch_config(const ArchConfig& config) {
  YAML::Emitter out;
  out << YAML::Comment("Effective architecture configuration: every key, defaults included.");
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << config.name;
  out << YAML::Key << "description" << YAML::Value << config.description;
  out << YAML::Key << "clock_mhz" << YAML::Value << format_double(config.clock_mhz);
  out << YAML::Key << "tech" << YAML::Value << config.tech;

  const PeArrayConfig& pe = config.pe_array;
  out << YAML::Key << "pe_array" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "rows" << YAML::Value << pe.rows;
  out << YAML::Key << "cols" << YAML::Value << pe.cols;
  out << YAML::Key << "dataflow" << YAML::Value << dataflow_name(pe.dataflow);
  out << YAML::Key << "arithmetic" << YAML::Value << arithmetic_name(pe.arithmetic);
  out << YAML::Key << "operand_bits" << YAML::Value << pe.operand_bits;
  out << YAML::Key << "accumulator_bits" << YAML::Value << pe.accumulator_bits;
  out << YAML::Key << "fold_overlap" << YAML::Value << pe.fold_overlap;
  out << YAML::Key << "compute_command_rows" << YAML::Value << pe.compute_command_rows;
  out << YAML::Key << "compute_command_min_cycles" << YAML::Value << pe.compute_command_min_cycles;
  out << YAML::Key << "compute_commands_in_flight" << YAML::Value << pe.compute_commands_in_flight;
  if (pe.output_bytes() != pe.accumulator_bytes()) out << YAML::Key << "output_bits" << YAML::Value << pe.output_bits;
  out << YAML::EndMap;

  out << YAML::Key << "buffers" << YAML::Value << YAML::BeginSeq;
  for (const BufferConfig& buffer : config.buffers) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << buffer.name;
    out << YAML::Key << "holds" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const TensorKind kind : kAllTensorKinds) {
      if (buffer.holds.has(kind)) out << tensor_kind_name(kind);
    }
    out << YAML::EndSeq;
    out << YAML::Key << "size" << YAML::Value << format_size_bytes(buffer.size_bytes);
    out << YAML::Key << "banks" << YAML::Value << buffer.banks;
    out << YAML::Key << "bank_width" << YAML::Value << format_size_bytes(buffer.bank_width_bytes);
    out << YAML::Key << "ports" << YAML::Value << buffer.ports;
    out << YAML::Key << "latency_cycles" << YAML::Value << buffer.latency_cycles;
    if (buffer.keep_partial_sums) out << YAML::Key << "keep_partial_sums" << YAML::Value << true;
    if (buffer.overwrite_partial_sums) out << YAML::Key << "partial_sums_overflow" << YAML::Value << "overwrite";
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "dma" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "bytes_per_cycle" << YAML::Value << config.dma.bytes_per_cycle;
  out << YAML::Key << "burst" << YAML::Value << format_size_bytes(config.dma.burst_bytes);
  out << YAML::Key << "outstanding" << YAML::Value << config.dma.outstanding;
  if (config.dma.row_bytes != 0) {
    out << YAML::Key << "row_bytes" << YAML::Value << format_size_bytes(config.dma.row_bytes);
  }
  out << YAML::Key << "command_requests" << YAML::Value << config.dma.command_requests;
  out << YAML::Key << "commands_in_flight" << YAML::Value << config.dma.commands_in_flight;
  out << YAML::Key << "tlb_entries" << YAML::Value << config.dma.tlb_entries;
  out << YAML::Key << "tlb_miss_cycles" << YAML::Value << config.dma.tlb_miss_cycles;
  out << YAML::Key << "page_bytes" << YAML::Value << format_size_bytes(config.dma.page_bytes);
  out << YAML::EndMap;

  out << YAML::Key << "controller" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "issue_cycles" << YAML::Value << config.controller.issue_cycles;
  out << YAML::Key << "matmul_issue_cycles" << YAML::Value << config.controller.matmul_issue_cycles;
  out << YAML::Key << "tile_issue_cycles" << YAML::Value << config.controller.tile_issue_cycles;
  out << YAML::Key << "matmul_tile_issue_cycles" << YAML::Value << config.controller.matmul_tile_issue_cycles;
  out << YAML::Key << "reload_unchanged_tiles" << YAML::Value << config.controller.reload_unchanged_tiles;
  out << YAML::EndMap;

  out << YAML::Key << "vector_unit" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "lanes" << YAML::Value << config.vector_unit.lanes;
  out << YAML::Key << "pipeline_latency_cycles" << YAML::Value
      << config.vector_unit.pipeline_latency_cycles;
  out << YAML::Key << "transcendental_cycles" << YAML::Value
      << config.vector_unit.transcendental_cycles;
  out << YAML::EndMap;

  out << YAML::Key << "memory" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << memory_model_name(config.memory.model);
  out << YAML::Key << "bandwidth_bytes_per_cycle" << YAML::Value
      << format_double(config.memory.bandwidth_bytes_per_cycle);
  out << YAML::Key << "latency_cycles" << YAML::Value << config.memory.latency_cycles;
  if (config.memory.dram) {
    out << YAML::Key << "dram" << YAML::Value << YAML::BeginMap;
    emit_dram_config(out, *config.memory.dram);
    out << YAML::EndMap;
  }
  if (config.memory.llc) {
    out << YAML::Key << "llc" << YAML::Value << YAML::BeginMap;
    emit_llc_config(out, *config.memory.llc);
    out << YAML::EndMap;
  }
  if (config.memory.l2) {
    out << YAML::Key << "l2" << YAML::Value << YAML::BeginMap;
    emit_llc_config(out, *config.memory.l2);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (config.noc) {
    out << YAML::Key << "noc" << YAML::Value << YAML::BeginMap;
    emit_noc_config(out, *config.noc);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

bool operator==(const ArchConfig& a, const ArchConfig& b) {
  const auto same_pe = [](const PeArrayConfig& x, const PeArrayConfig& y) {
    return x.rows == y.rows && x.cols == y.cols && x.dataflow == y.dataflow &&
           x.arithmetic == y.arithmetic && x.operand_bits == y.operand_bits &&
           x.accumulator_bits == y.accumulator_bits && x.fold_overlap == y.fold_overlap &&
           x.compute_command_rows == y.compute_command_rows &&
           x.compute_command_min_cycles == y.compute_command_min_cycles &&
           x.compute_commands_in_flight == y.compute_commands_in_flight &&
           x.output_bytes() == y.output_bytes();
  };
  const auto same_buffer = [](const BufferConfig& x, const BufferConfig& y) {
    return x.name == y.name && x.holds == y.holds && x.size_bytes == y.size_bytes &&
           x.banks == y.banks && x.bank_width_bytes == y.bank_width_bytes && x.ports == y.ports &&
           x.latency_cycles == y.latency_cycles && x.keep_partial_sums == y.keep_partial_sums &&
           x.overwrite_partial_sums == y.overwrite_partial_sums;
  };
  if (a.buffers.size() != b.buffers.size()) return false;
  for (std::size_t i = 0; i < a.buffers.size(); ++i) {
    if (!same_buffer(a.buffers[i], b.buffers[i])) return false;
  }
  return a.name == b.name && a.description == b.description && a.clock_mhz == b.clock_mhz &&
         a.tech == b.tech &&
         same_pe(a.pe_array, b.pe_array) && a.dma.bytes_per_cycle == b.dma.bytes_per_cycle &&
         a.dma.burst_bytes == b.dma.burst_bytes && a.dma.outstanding == b.dma.outstanding &&
         a.dma.row_bytes == b.dma.row_bytes && a.dma.command_requests == b.dma.command_requests &&
         a.dma.commands_in_flight == b.dma.commands_in_flight && a.dma.tlb_entries == b.dma.tlb_entries &&
         a.dma.tlb_miss_cycles == b.dma.tlb_miss_cycles && a.dma.page_bytes == b.dma.page_bytes &&
         a.controller.issue_cycles == b.controller.issue_cycles &&
         a.controller.matmul_issue_cycles == b.controller.matmul_issue_cycles &&
         a.controller.tile_issue_cycles == b.controller.tile_issue_cycles &&
         a.controller.matmul_tile_issue_cycles == b.controller.matmul_tile_issue_cycles &&
         a.controller.reload_unchanged_tiles == b.controller.reload_unchanged_tiles &&
         a.vector_unit.lanes == b.vector_unit.lanes &&
         a.vector_unit.pipeline_latency_cycles == b.vector_unit.pipeline_latency_cycles &&
         a.vector_unit.transcendental_cycles == b.vector_unit.transcendental_cycles &&
         a.memory.model == b.memory.model &&
         a.memory.bandwidth_bytes_per_cycle == b.memory.bandwidth_bytes_per_cycle &&
         a.memory.latency_cycles == b.memory.latency_cycles && a.memory.dram == b.memory.dram &&
         a.memory.llc == b.memory.llc && a.memory.l2 == b.memory.l2 && a.noc == b.noc;
}

std::string technology_directory() { return std::string(SEXTANT_SOURCE_DIR) + "/yaml/tech"; }

std::vector<std::string> technology_names() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(technology_directory(), error)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sextant
