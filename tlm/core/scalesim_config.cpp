// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/scalesim_config.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "tlm/core/config_error.h"
#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

struct IniValue {
  std::string text;
  SourceLocation where;
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

// A YAML double-quoted scalar.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// The keys SCALE-Sim v2's scale_config.read_conf_file() reads, by section (lower case, as
// Python's configparser folds them), and whether it requires them.
struct KnownKey {
  const char* section;
  const char* key;
  bool required;
};
constexpr KnownKey kKnownKeys[] = {
    {"general", "run_name", true},
    {"run_presets", "interfacebandwidth", true},
    {"architecture_presets", "arrayheight", true},
    {"architecture_presets", "arraywidth", true},
    {"architecture_presets", "ifmapsramszkb", true},
    {"architecture_presets", "filtersramszkb", true},
    {"architecture_presets", "ofmapsramszkb", true},
    {"architecture_presets", "ifmapoffset", true},
    {"architecture_presets", "filteroffset", true},
    {"architecture_presets", "ofmapoffset", true},
    {"architecture_presets", "dataflow", true},
    {"architecture_presets", "bandwidth", false},
    {"architecture_presets", "memorybanks", false},
    {"network_presets", "topologycsvloc", false},
};

using Ini = std::map<std::string, IniValue>;  // "section.key" (lower case) -> value

Ini parse_ini(const std::string& text, const std::string& file) {
  Ini ini;
  std::string section;
  std::istringstream lines(text);
  std::string raw;
  int line = 0;
  while (std::getline(lines, raw)) {
    ++line;
    const std::string content = trim(raw);
    if (content.empty() || content[0] == '#' || content[0] == ';') continue;
    const int column = static_cast<int>(raw.find_first_not_of(" \t")) + 1;
    if (content.front() == '[') {
      if (content.back() != ']') {
        throw ConfigError(SourceLocation{file, line, column}, "section", "a section header '[name]'", "'" + content + "'");
      }
      section = lower(trim(content.substr(1, content.size() - 2)));
      bool known = false;
      for (const KnownKey& key : kKnownKeys) known = known || section == key.section;
      if (!known) {
        throw ConfigError(SourceLocation{file, line, column}, section,
                          "a section SCALE-Sim reads (general, architecture_presets, run_presets, network_presets)",
                          "'[" + section + "]'");
      }
      continue;
    }
    const auto separator = content.find_first_of(":=");
    if (separator == std::string::npos || section.empty()) {
      throw ConfigError(SourceLocation{file, line, column}, section.empty() ? "line" : section,
                        section.empty() ? "a section header before any key" : "'key: value' or 'key = value'",
                        "'" + content + "'");
    }
    const std::string key = lower(trim(content.substr(0, separator)));
    bool known = false;
    for (const KnownKey& candidate : kKnownKeys) known = known || (section == candidate.section && key == candidate.key);
    if (!known) {
      throw ConfigError(SourceLocation{file, line, column}, section + "." + key,
                        "a key SCALE-Sim reads in [" + section + "]", "unknown key '" + trim(content.substr(0, separator)) + "'");
    }
    const std::string path = section + "." + key;
    if (ini.count(path) != 0) {
      throw ConfigError(SourceLocation{file, line, column}, path, "each key once",
                        "a second '" + key + "' (first on line " + std::to_string(ini[path].where.line) + ")");
    }
    ini[path] = IniValue{trim(content.substr(separator + 1)), SourceLocation{file, line, column}};
  }
  for (const KnownKey& key : kKnownKeys) {
    const std::string path = std::string(key.section) + "." + key.key;
    if (key.required && ini.count(path) == 0) {
      throw ConfigError(SourceLocation{file, 0, 0}, path, "the key (SCALE-Sim requires it)", "none");
    }
  }
  return ini;
}

std::int64_t positive(const Ini& ini, const std::string& path, std::int64_t minimum = 1) {
  const IniValue& value = ini.at(path);
  const std::string& text = value.text;
  const bool digits = !text.empty() && text.size() <= 12 &&
                      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!digits || std::stoll(text) < minimum) {
    throw ConfigError(value.where, path, "an integer >= " + std::to_string(minimum), "'" + text + "'");
  }
  return std::stoll(text);
}

}  // namespace

std::string scalesim_config_to_arch_yaml(const std::string& text, const std::string& file) {
  const Ini ini = parse_ini(text, file);
  const std::int64_t rows = positive(ini, "architecture_presets.arrayheight");
  const std::int64_t cols = positive(ini, "architecture_presets.arraywidth");
  const std::int64_t ifmap_kib = positive(ini, "architecture_presets.ifmapsramszkb");
  const std::int64_t filter_kib = positive(ini, "architecture_presets.filtersramszkb");
  const std::int64_t ofmap_kib = positive(ini, "architecture_presets.ofmapsramszkb");
  for (const char* offset : {"ifmapoffset", "filteroffset", "ofmapoffset"}) {
    positive(ini, std::string("architecture_presets.") + offset, 0);  // read and checked, not used
  }
  const IniValue& dataflow_value = ini.at("architecture_presets.dataflow");
  const std::string dataflow = lower(dataflow_value.text);
  if (dataflow != "os" && dataflow != "ws" && dataflow != "is") {
    throw ConfigError(dataflow_value.where, "architecture_presets.dataflow", "one of os, ws, is",
                      "'" + dataflow_value.text + "'");
  }
  const IniValue& mode = ini.at("run_presets.interfacebandwidth");
  if (mode.text != "CALC" && mode.text != "USER") {
    throw ConfigError(mode.where, "run_presets.interfacebandwidth", "CALC or USER", "'" + mode.text + "'");
  }
  const bool user_bandwidth = mode.text == "USER";
  std::int64_t bandwidth = 0;
  if (ini.count("architecture_presets.bandwidth") != 0) {
    bandwidth = positive(ini, "architecture_presets.bandwidth");
  } else if (user_bandwidth) {
    throw ConfigError(mode.where, "architecture_presets.bandwidth", "a Bandwidth in USER mode (SCALE-Sim requires it)",
                      "none");
  }
  const std::int64_t banks = ini.count("architecture_presets.memorybanks") != 0
                                 ? positive(ini, "architecture_presets.memorybanks")
                                 : 1;

  // SCALE-Sim counts 1-byte words and its SRAM sizes in KiB. In CALC mode it computes the
  // bandwidth the run needs, so neither memory nor the DMA ever stalls: ideal memory and a
  // DMA path as wide as one SRAM row per array column per cycle, whatever Bandwidth says.
  const std::int64_t dma_bytes = user_bandwidth ? bandwidth : std::max<std::int64_t>({rows, cols, bandwidth}) * 64;
  // SCALE-Sim's SRAMs feed the array whatever it asks for: two ports per bank, each as wide as
  // an array edge of 32-bit accumulators, so no buffer ever stalls the array (partial sums are
  // read and written in the same cycle).
  const std::int64_t sram_bytes_per_cycle = std::max<std::int64_t>(rows, cols) * 4;
  std::ostringstream out;
  out << "name: " << quoted(ini.at("general.run_name").text) << "\n"
      << "description: imported from the SCALE-Sim config " << file << "\n"
      << "clock_mhz: 1000\n"
      << "pe_array:\n  rows: " << rows << "\n  cols: " << cols << "\n  dataflow: " << upper(dataflow)
      << "\n  arithmetic: int\n  operand_bits: 8\n  accumulator_bits: 32\n  fold_overlap: false\n"
      << "buffers:\n";
  const std::pair<const char*, std::int64_t> srams[] = {{"IfmapSram", ifmap_kib}, {"FilterSram", filter_kib},
                                                        {"OfmapSram", ofmap_kib}};
  const char* holds[] = {"inputs", "weights", "outputs"};
  for (int i = 0; i < 3; ++i) {
    out << "  - name: " << srams[i].first << "\n    holds: [" << holds[i] << "]\n    size: " << srams[i].second
        << " KiB\n    banks: " << banks << "\n    bank_width: " << sram_bytes_per_cycle
        << " B\n    ports: 2\n    latency_cycles: 1\n";
  }
  out << "dma:\n  bytes_per_cycle: " << dma_bytes << "\n";
  if (user_bandwidth) {
    out << "memory:\n  model: fixed\n  bandwidth_bytes_per_cycle: " << bandwidth << "\n  latency_cycles: 0\n";
  } else {
    out << "memory:\n  model: ideal\n";
  }
  return out.str();
}

ArchConfig parse_scalesim_config(const std::string& text, const std::string& file,
                                 const std::vector<std::string>& overrides) {
  return parse_arch_config(scalesim_config_to_arch_yaml(text, file), file + " (as Sextant YAML)", overrides);
}

ArchConfig load_scalesim_config(const std::string& path, const std::vector<std::string>& overrides) {
  return parse_scalesim_config(read_text_file(path), path, overrides);
}

ArchConfig load_any_arch_config(const std::string& path, const std::vector<std::string>& overrides) {
  const bool cfg = path.size() >= 4 && lower(path.substr(path.size() - 4)) == ".cfg";
  return cfg ? load_scalesim_config(path, overrides) : load_arch_config(path, overrides);
}

}  // namespace sextant
