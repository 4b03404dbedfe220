// SPDX-License-Identifier: Apache-2.0
// DRAM configuration in the same two layers as the arch config: a spec of what was written
// (in the preset file and in the overriding map, each value with its location), then
// validation into a DramConfig. The keys are flat so that `--set memory.dram.trcd=18`
// and `memory.dram.channels: 2` override one preset value each. The integer keys are one
// table so that reading, dumping and comparing cannot drift apart.
#include "tlm/core/dram_config.h"

#include <cmath>
#include <fstream>
#include <locale>
#include <map>
#include <sstream>

#include "tlm/core/config_error.h"

namespace sextant {
namespace {

const std::vector<std::pair<std::string, DramStandard>> kStandardNames = {
    {"DDR3", DramStandard::kDdr3},
    {"DDR4", DramStandard::kDdr4},
    {"LPDDR4", DramStandard::kLpddr4},
    {"HBM2", DramStandard::kHbm2}};
const std::vector<std::pair<std::string, PagePolicy>> kPolicyNames = {
    {"open", PagePolicy::kOpen}, {"closed", PagePolicy::kClosed}};
const std::vector<std::pair<std::string, DramSchedulerKind>> kSchedulerNames = {
    {"frfcfs", DramSchedulerKind::kFrFcfs}, {"fcfs", DramSchedulerKind::kFcfs}};

struct IntKey {
  const char* name;
  int DramConfig::*field;
  int minimum;
};

// Organisation, timing (tCK), then controller keys; dump order follows this table.
const IntKey kIntKeys[] = {
    {"channels", &DramConfig::channels, 1},
    {"ranks", &DramConfig::ranks, 1},
    {"bank_groups", &DramConfig::bank_groups, 1},
    {"banks_per_group", &DramConfig::banks_per_group, 1},
    {"rows", &DramConfig::rows, 1},
    {"columns", &DramConfig::columns, 1},
    {"burst_length", &DramConfig::burst_length, 2},
    {"bus_width_bits", &DramConfig::bus_width_bits, 8},
    {"cl", &DramConfig::cl, 1},
    {"cwl", &DramConfig::cwl, 1},
    {"trcd", &DramConfig::trcd, 1},
    {"trp", &DramConfig::trp, 1},
    {"tras", &DramConfig::tras, 1},
    {"trc", &DramConfig::trc, 1},
    {"tccd_s", &DramConfig::tccd_s, 1},
    {"tccd_l", &DramConfig::tccd_l, 1},
    {"trrd_s", &DramConfig::trrd_s, 1},
    {"trrd_l", &DramConfig::trrd_l, 1},
    {"tfaw", &DramConfig::tfaw, 0},
    {"twr", &DramConfig::twr, 1},
    {"twtr", &DramConfig::twtr, 1},
    {"trtp", &DramConfig::trtp, 1},
    {"trefi", &DramConfig::trefi, 1},
    {"trfc", &DramConfig::trfc, 1},
    {"trtw", &DramConfig::trtw, 1},
    {"read_queue", &DramConfig::read_queue, 1},
    {"write_queue", &DramConfig::write_queue, 1},
    {"write_high_watermark", &DramConfig::write_high_watermark, 1},
    {"write_low_watermark", &DramConfig::write_low_watermark, 0},
    {"frontend_cycles", &DramConfig::frontend_cycles, 0},
};

struct PowerKey {
  const char* name;
  double DramConfig::*field;
};

// Datasheet currents and supply; optional, but all or none (dump order follows this table).
const PowerKey kPowerKeys[] = {
    {"vdd_v", &DramConfig::vdd_v},       {"idd0_ma", &DramConfig::idd0_ma},   {"idd2n_ma", &DramConfig::idd2n_ma},
    {"idd3n_ma", &DramConfig::idd3n_ma}, {"idd4r_ma", &DramConfig::idd4r_ma}, {"idd4w_ma", &DramConfig::idd4w_ma},
    {"idd5b_ma", &DramConfig::idd5b_ma},
};

template <typename T>
struct Written {
  std::optional<T> value;
  SourceLocation where;
  std::string key_path;
};

struct DramSpec {
  Written<std::string> preset, address_mapping;
  Written<DramStandard> standard;
  Written<double> tck_ns;
  Written<PagePolicy> page_policy;
  Written<DramSchedulerKind> scheduler;
  Written<bool> refresh;
  std::map<std::string, Written<std::int64_t>> ints;
  std::map<std::string, Written<double>> powers;
  Written<std::int64_t> devices_per_rank;
  SourceLocation where;  ///< of the map, for values nobody wrote
  std::string path;
};

template <typename T, typename Read>
Written<T> read_key(YamlMap& map, const std::string& key, Read read) {
  Written<T> written{std::nullopt, map.location(key), map.key_path(key)};
  map.raw(key);
  if (map.has(key)) written.value = read();
  return written;
}

/// Later (overriding) values win; absent ones keep the earlier value and its location.
template <typename T>
void overlay(Written<T>& base, const Written<T>& top) {
  if (top.value || !base.value) base = top;
}

DramSpec read_spec(YamlMap& map, bool allow_preset) {
  DramSpec spec;
  spec.where = map.location();
  spec.path = map.path();
  if (allow_preset) {
    spec.preset = read_key<std::string>(map, "preset", [&] { return map.get_string("preset"); });
  }
  map.raw("source");  // presets cite their source; free text
  if (map.has("source")) map.get_string("source");
  spec.standard = read_key<DramStandard>(map, "standard", [&] { return map.get_enum("standard", kStandardNames); });
  spec.tck_ns = read_key<double>(map, "tck_ns", [&] { return map.get_double("tck_ns"); });
  spec.page_policy = read_key<PagePolicy>(map, "page_policy", [&] { return map.get_enum("page_policy", kPolicyNames); });
  spec.scheduler =
      read_key<DramSchedulerKind>(map, "scheduler", [&] { return map.get_enum("scheduler", kSchedulerNames); });
  spec.address_mapping =
      read_key<std::string>(map, "address_mapping", [&] { return map.get_string("address_mapping"); });
  spec.refresh = read_key<bool>(map, "refresh", [&] { return map.get_bool("refresh"); });
  for (const IntKey& key : kIntKeys) {
    spec.ints[key.name] = read_key<std::int64_t>(map, key.name, [&] { return map.get_int(key.name); });
  }
  for (const PowerKey& key : kPowerKeys) {
    spec.powers[key.name] = read_key<double>(map, key.name, [&] { return map.get_double(key.name); });
  }
  spec.devices_per_rank =
      read_key<std::int64_t>(map, "devices_per_rank", [&] { return map.get_int("devices_per_rank"); });
  map.finish();
  return spec;
}

[[noreturn]] void reject(const SourceLocation& where, const std::string& key_path, const std::string& expected,
                         const std::string& found) {
  throw ConfigError(where, key_path, expected, found);
}

std::string shortest_text(double value);

/// The power keys are all written or none; currents and supply > 0, at most 1000 devices.
void validate_power(const DramSpec& spec, DramConfig& config) {
  const Written<std::int64_t>& devices = spec.devices_per_rank;
  bool any = devices.value.has_value();
  for (const auto& [name, written] : spec.powers) any = any || written.value.has_value();
  if (!any) return;
  if (!devices.value || *devices.value < 1 || *devices.value > 1000) {
    reject(devices.where, devices.key_path, "an integer from 1 to 1000 (devices per rank, with the IDD keys)",
           devices.value ? std::to_string(*devices.value) : "nothing");
  }
  config.devices_per_rank = static_cast<int>(*devices.value);
  for (const PowerKey& key : kPowerKeys) {
    const Written<double>& written = spec.powers.at(key.name);
    if (!written.value || !(*written.value > 0.0)) {
      reject(written.where, written.key_path, "a number > 0 (all power keys or none)",
             written.value ? shortest_text(*written.value) : "nothing");
    }
    config.*key.field = *written.value;
  }
}

DramConfig validate(const DramSpec& spec) {
  DramConfig config;
  config.preset = spec.preset.value.value_or("");
  if (!spec.standard.value) {
    reject(spec.standard.where, spec.standard.key_path, "a DRAM standard (DDR3, DDR4, LPDDR4, HBM2) or a preset",
           "nothing");
  }
  config.standard = *spec.standard.value;
  if (!spec.tck_ns.value) reject(spec.tck_ns.where, spec.tck_ns.key_path, "a clock period in ns", "nothing");
  config.tck_ns = *spec.tck_ns.value;
  if (!(config.tck_ns > 0.0)) {
    std::ostringstream found;
    found << config.tck_ns;
    reject(spec.tck_ns.where, spec.tck_ns.key_path, "a number > 0", found.str());
  }
  config.page_policy = spec.page_policy.value.value_or(config.page_policy);
  config.scheduler = spec.scheduler.value.value_or(config.scheduler);
  config.refresh = spec.refresh.value.value_or(config.refresh);
  config.address_mapping = spec.address_mapping.value.value_or(config.address_mapping);
  if (!parse_address_mapping(config.address_mapping)) {
    reject(spec.address_mapping.where, spec.address_mapping.key_path,
           "each of Ro, Ra, Bg, Ba, Co, Ch exactly once (e.g. RoRaBaCoBgCh)", "'" + config.address_mapping + "'");
  }

  const DramConfig defaults;
  // Organisation and timing have no meaningful default: a preset or the section gives them.
  for (const IntKey& key : kIntKeys) {
    const Written<std::int64_t>& written = spec.ints.at(key.name);
    const bool is_controller = std::string(key.name).find("queue") != std::string::npos ||
                               std::string(key.name).find("watermark") != std::string::npos ||
                               std::string(key.name) == "frontend_cycles";
    if (!written.value && !is_controller) {
      reject(written.where, written.key_path, "a value (from the preset or written here)", "nothing");
    }
    const std::int64_t value = written.value.value_or(defaults.*key.field);
    if (value < key.minimum || value > 1000000000) {
      reject(written.where, written.key_path, "an integer from " + std::to_string(key.minimum) + " to 1000000000",
             std::to_string(value));
    }
    config.*key.field = static_cast<int>(value);
  }

  const auto at = [&](const char* name) -> const Written<std::int64_t>& { return spec.ints.at(name); };
  const auto rule = [&](bool ok, const char* name, const std::string& expected, int found) {
    if (!ok) reject(at(name).where, at(name).key_path, expected, std::to_string(found));
  };
  rule(config.tras <= config.trc, "tras", "tRAS <= tRC (" + std::to_string(config.trc) + ")", config.tras);
  rule(config.trc >= config.tras + config.trp, "trc",
       "tRC >= tRAS + tRP (" + std::to_string(config.tras + config.trp) + ")", config.trc);
  rule(config.trcd <= config.tras, "trcd", "tRCD <= tRAS (" + std::to_string(config.tras) + ")", config.trcd);
  rule(config.tccd_l >= config.tccd_s, "tccd_l", "tCCD_L >= tCCD_S (" + std::to_string(config.tccd_s) + ")",
       config.tccd_l);
  rule(config.trrd_l >= config.trrd_s, "trrd_l", "tRRD_L >= tRRD_S (" + std::to_string(config.trrd_s) + ")",
       config.trrd_l);
  rule(config.tccd_s >= config.burst_cycles(), "tccd_s",
       "tCCD_S >= burst_length / 2 (" + std::to_string(config.burst_cycles()) + ")", config.tccd_s);
  rule(config.burst_length % 2 == 0, "burst_length", "an even number of beats", config.burst_length);
  rule(config.bus_width_bits % 8 == 0, "bus_width_bits", "a multiple of 8", config.bus_width_bits);
  rule(config.trefi > config.trfc, "trefi", "tREFI > tRFC (" + std::to_string(config.trfc) + ")", config.trefi);
  rule(config.columns % config.burst_length == 0, "columns",
       "a multiple of burst_length (" + std::to_string(config.burst_length) + ")", config.columns);
  rule(config.write_high_watermark <= config.write_queue, "write_high_watermark",
       "at most write_queue (" + std::to_string(config.write_queue) + ")", config.write_high_watermark);
  rule(config.write_low_watermark < config.write_high_watermark, "write_low_watermark",
       "below write_high_watermark (" + std::to_string(config.write_high_watermark) + ")",
       config.write_low_watermark);
  validate_power(spec, config);
  return config;
}

bool is_path(const std::string& text) {
  return text.find('/') != std::string::npos ||
         (text.size() > 5 && text.compare(text.size() - 5, 5, ".yaml") == 0);
}

/// The shortest decimal text that reads back to the same double (dump round trip).
std::string shortest_text(double value) {
  for (int precision = 1; precision <= 17; ++precision) {
    std::ostringstream text;
    text.imbue(std::locale::classic());
    text.precision(precision);
    text << value;
    std::istringstream back(text.str());
    back.imbue(std::locale::classic());
    double parsed = 0.0;
    back >> parsed;
    if (parsed == value) return text.str();
  }
  return std::to_string(value);
}

bool readable(const std::string& path) { return std::ifstream(path).good(); }

DramSpec read_preset_spec(const std::string& path) {
  YAML::Node root = load_yaml_file(path);
  YamlMap map(root, path, "");
  return read_spec(map, false);
}

}  // namespace

const char* dram_standard_name(DramStandard standard) {
  switch (standard) {
    case DramStandard::kDdr3:
      return "DDR3";
    case DramStandard::kDdr4:
      return "DDR4";
    case DramStandard::kLpddr4:
      return "LPDDR4";
    case DramStandard::kHbm2:
      return "HBM2";
  }
  return "unknown";
}

const char* page_policy_name(PagePolicy policy) { return policy == PagePolicy::kOpen ? "open" : "closed"; }

const char* dram_scheduler_name(DramSchedulerKind kind) {
  return kind == DramSchedulerKind::kFrFcfs ? "frfcfs" : "fcfs";
}

std::optional<std::vector<DramField>> parse_address_mapping(const std::string& text) {
  static const std::pair<const char*, DramField> kFields[] = {
      {"Ro", DramField::kRow},    {"Ra", DramField::kRank},   {"Bg", DramField::kBankGroup},
      {"Ba", DramField::kBank},   {"Co", DramField::kColumn}, {"Ch", DramField::kChannel}};
  if (text.size() != 12) return std::nullopt;
  std::vector<DramField> fields;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const std::string token = text.substr(i, 2);
    bool known = false;
    for (const auto& [name, field] : kFields) {
      if (token != name) continue;
      for (DramField seen : fields) {
        if (seen == field) return std::nullopt;
      }
      fields.push_back(field);
      known = true;
    }
    if (!known) return std::nullopt;
  }
  return fields;
}

std::string resolve_dram_preset(const std::string& name_or_path, const std::string& referring_file) {
  if (is_path(name_or_path)) return name_or_path;
  const std::string file = name_or_path + ".yaml";
  const std::size_t slash = referring_file.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : referring_file.substr(0, slash);
  const std::string beside = folder + "/../dram/" + file;
  if (readable(beside)) return beside;
  return std::string(SEXTANT_SOURCE_DIR) + "/yaml/dram/" + file;
}

DramConfig read_dram_config(YamlMap& map) {
  DramSpec spec = read_spec(map, true);
  if (spec.preset.value) {
    const std::string path = resolve_dram_preset(*spec.preset.value, map.file());
    if (!readable(path)) {
      reject(spec.preset.where, spec.preset.key_path, "a preset of yaml/dram/ or a readable file",
             "'" + *spec.preset.value + "'");
    }
    DramSpec base = read_preset_spec(path);
    overlay(base.standard, spec.standard);
    overlay(base.tck_ns, spec.tck_ns);
    overlay(base.page_policy, spec.page_policy);
    overlay(base.scheduler, spec.scheduler);
    overlay(base.refresh, spec.refresh);
    overlay(base.address_mapping, spec.address_mapping);
    for (auto& [name, written] : base.ints) overlay(written, spec.ints.at(name));
    for (auto& [name, written] : base.powers) overlay(written, spec.powers.at(name));
    overlay(base.devices_per_rank, spec.devices_per_rank);
    base.preset = spec.preset;
    spec = base;
  }
  return validate(spec);
}

DramConfig load_dram_preset(const std::string& name_or_path) {
  const std::string path = resolve_dram_preset(name_or_path, "./preset");
  DramConfig config = validate(read_preset_spec(path));
  config.preset = name_or_path;
  return config;
}

void emit_dram_config(YAML::Emitter& out, const DramConfig& config) {
  if (!config.preset.empty()) out << YAML::Key << "preset" << YAML::Value << config.preset;
  out << YAML::Key << "standard" << YAML::Value << dram_standard_name(config.standard);
  out << YAML::Key << "tck_ns" << YAML::Value << shortest_text(config.tck_ns);
  for (const IntKey& key : kIntKeys) out << YAML::Key << key.name << YAML::Value << config.*key.field;
  out << YAML::Key << "page_policy" << YAML::Value << page_policy_name(config.page_policy);
  out << YAML::Key << "scheduler" << YAML::Value << dram_scheduler_name(config.scheduler);
  out << YAML::Key << "address_mapping" << YAML::Value << config.address_mapping;
  out << YAML::Key << "refresh" << YAML::Value << config.refresh;
  if (config.has_power()) {
    for (const PowerKey& key : kPowerKeys) out << YAML::Key << key.name << YAML::Value << shortest_text(config.*key.field);
    out << YAML::Key << "devices_per_rank" << YAML::Value << config.devices_per_rank;
  }
}

bool operator==(const DramConfig& a, const DramConfig& b) {
  for (const IntKey& key : kIntKeys) {
    if (a.*key.field != b.*key.field) return false;
  }
  for (const PowerKey& key : kPowerKeys) {
    if (a.*key.field != b.*key.field) return false;
  }
  if (a.devices_per_rank != b.devices_per_rank) return false;
  return a.preset == b.preset && a.standard == b.standard && a.tck_ns == b.tck_ns &&
         a.page_policy == b.page_policy && a.scheduler == b.scheduler && a.address_mapping == b.address_mapping &&
         a.refresh == b.refresh && a.frontend_cycles == b.frontend_cycles;
}

}  // namespace sextant
