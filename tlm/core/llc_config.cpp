// SPDX-License-Identifier: Apache-2.0
// memory.llc: read every key with the YamlMap getters (which already reject wrong types,
// negative sizes and unknown keys), then check the rules across keys at the key that
// breaks them.
#include "tlm/core/llc_config.h"

#include <vector>

#include "tlm/core/units.h"

namespace sextant {
namespace {

const std::vector<std::pair<std::string, LlcWarm>> kWarmNames = {
    {"none", LlcWarm::kNone}, {"inputs", LlcWarm::kInputs}, {"all", LlcWarm::kAll}};

const std::vector<std::pair<std::string, CacheReplacement>> kReplacementNames = {
    {"lru", CacheReplacement::kLru}, {"random", CacheReplacement::kRandom}};

bool power_of_two(std::uint64_t value) { return value != 0 && (value & (value - 1)) == 0; }

int bounded_int(YamlMap& map, const std::string& key, int minimum, int maximum, int fallback) {
  if (!map.has(key)) {
    map.raw(key);
    return fallback;
  }
  const std::int64_t value = map.get_int(key);
  if (value < minimum || value > maximum) {
    map.fail(key, "an integer from " + std::to_string(minimum) + " to " + std::to_string(maximum),
             std::to_string(value));
  }
  return static_cast<int>(value);
}

}  // namespace

const char* llc_warm_name(LlcWarm warm) {
  switch (warm) {
    case LlcWarm::kNone:
      return "none";
    case LlcWarm::kInputs:
      return "inputs";
    case LlcWarm::kAll:
      return "all";
  }
  return "?";
}

const char* cache_replacement_name(CacheReplacement replacement) {
  return replacement == CacheReplacement::kRandom ? "random" : "lru";
}

LlcConfig read_llc_config(YamlMap& map) {
  LlcConfig config;
  config.size_bytes = map.get_size_bytes("size", config.size_bytes);
  config.ways = bounded_int(map, "ways", 1, 1024, config.ways);
  const std::uint64_t line = map.get_size_bytes("line", config.line_bytes);
  if (!power_of_two(line) || line < 8 || line > 4096) {
    map.fail("line", "a power of two from 8 B to 4 KiB", format_size_bytes(line));
  }
  config.line_bytes = static_cast<std::uint32_t>(line);
  config.banks = bounded_int(map, "banks", 1, 1024, config.banks);
  config.hit_latency_cycles = bounded_int(map, "hit_latency_cycles", 0, 1000000, config.hit_latency_cycles);
  config.bytes_per_cycle = map.get_double("bytes_per_cycle", config.bytes_per_cycle);
  if (!(config.bytes_per_cycle > 0.0)) {
    map.fail("bytes_per_cycle", "a number of bytes per cycle > 0");
  }
  config.mshrs = bounded_int(map, "mshrs", 1, 4096, config.mshrs);
  config.tag_cycles = bounded_int(map, "tag_cycles", 0, 1000000, config.tag_cycles);
  config.occupied = map.get_bool("occupied", config.occupied);
  config.warm = map.get_enum("warm", kWarmNames, config.warm);
  config.replacement = map.get_enum("replacement", kReplacementNames, config.replacement);
  map.finish();

  const std::uint64_t set_bytes = static_cast<std::uint64_t>(config.ways) * config.line_bytes;
  if (config.size_bytes % set_bytes != 0) {
    map.fail("size", "a multiple of ways x line (" + format_size_bytes(set_bytes) + ")",
             format_size_bytes(config.size_bytes));
  }
  if (config.sets() % static_cast<std::uint64_t>(config.banks) != 0) {
    map.fail("banks", "a divisor of the number of sets (" + std::to_string(config.sets()) + ")",
             std::to_string(config.banks));
  }
  return config;
}

void emit_llc_config(YAML::Emitter& out, const LlcConfig& config) {
  out << YAML::Key << "size" << YAML::Value << format_size_bytes(config.size_bytes);
  out << YAML::Key << "ways" << YAML::Value << config.ways;
  out << YAML::Key << "line" << YAML::Value << format_size_bytes(config.line_bytes);
  out << YAML::Key << "banks" << YAML::Value << config.banks;
  out << YAML::Key << "hit_latency_cycles" << YAML::Value << config.hit_latency_cycles;
  out << YAML::Key << "bytes_per_cycle" << YAML::Value << YAML::DoublePrecision(17) << config.bytes_per_cycle;
  out << YAML::Key << "mshrs" << YAML::Value << config.mshrs;
  out << YAML::Key << "tag_cycles" << YAML::Value << config.tag_cycles;
  out << YAML::Key << "occupied" << YAML::Value << config.occupied;
  out << YAML::Key << "warm" << YAML::Value << llc_warm_name(config.warm);
  out << YAML::Key << "replacement" << YAML::Value << cache_replacement_name(config.replacement);
}

bool operator==(const LlcConfig& a, const LlcConfig& b) {
  return a.size_bytes == b.size_bytes && a.ways == b.ways && a.line_bytes == b.line_bytes && a.banks == b.banks &&
         a.hit_latency_cycles == b.hit_latency_cycles && a.bytes_per_cycle == b.bytes_per_cycle &&
         a.mshrs == b.mshrs && a.tag_cycles == b.tag_cycles && a.occupied == b.occupied && a.warm == b.warm && a.replacement == b.replacement;
}

}  // namespace sextant
