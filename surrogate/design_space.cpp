// SPDX-License-Identifier: Apache-2.0
#include "surrogate/design_space.h"

#include <cmath>
#include <set>

#include "tlm/core/arch_config.h"
#include "tlm/core/yaml_access.h"

namespace sextant {

std::int64_t Parameter::cardinality() const {
  switch (kind) {
    case ParameterKind::kRange: return high - low + 1;
    case ParameterKind::kPow2: {
      std::int64_t count = 0;
      for (std::int64_t v = low; v <= high; v *= 2) ++count;
      return count;
    }
    case ParameterKind::kChoice: return static_cast<std::int64_t>(choices.size());
    case ParameterKind::kTied: return 1;
  }
  return 1;
}

namespace {
std::int64_t index_at(double u, std::int64_t cardinality) {
  // Clamp so that u == 1 (or rounding just below it) still maps to the last value.
  auto index = static_cast<std::int64_t>(std::floor(u * static_cast<double>(cardinality)));
  if (index < 0) index = 0;
  if (index >= cardinality) index = cardinality - 1;
  return index;
}
}  // namespace

std::int64_t Parameter::number_at(double u) const {
  const std::int64_t index = index_at(u, cardinality());
  if (kind == ParameterKind::kRange) return low + index;
  return low << index;  // kPow2: low is a power of two
}

std::string Parameter::value_at(double u) const {
  if (kind == ParameterKind::kChoice) return choices[static_cast<std::size_t>(index_at(u, cardinality()))];
  const std::string number = std::to_string(number_at(u));
  return unit.empty() ? number : number + " " + unit;
}

const char* sampler_name(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::kUniform: return "uniform";
    case SamplerKind::kLatinHypercube: return "lhs";
    case SamplerKind::kSobol: return "sobol";
  }
  return "?";
}

const char* mapping_policy_name(MappingPolicy policy) {
  switch (policy) {
    case MappingPolicy::kDefault: return "default";
    case MappingPolicy::kRandom: return "random";
    case MappingPolicy::kBest: return "best";
    case MappingPolicy::kBoth: return "both";
  }
  return "?";
}

const char* fidelity_name(Fidelity fidelity) {
  return fidelity == Fidelity::kAnalytical ? "analytical" : "tlm";
}

std::vector<int> DesignSpace::free_parameters() const {
  std::vector<int> free;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].kind != ParameterKind::kTied) free.push_back(static_cast<int>(i));
  }
  return free;
}

namespace {

std::string resolve_relative(const std::string& file, const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  const std::size_t slash = file.rfind('/');
  return slash == std::string::npos ? path : file.substr(0, slash + 1) + path;
}

bool is_power_of_two(std::int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

/// Whether a dotted key names a value of the (fully dumped) base arch.
bool arch_has_key(const YAML::Node& root, const std::string& key) {
  // reset(), not operator=: assigning a YAML::Node writes through into the tree.
  YAML::Node node;
  node.reset(root);
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) return false;
    if (node.IsSequence()) {
      std::size_t index = 0;
      for (char c : part) {
        if (c < '0' || c > '9') return false;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (index >= node.size()) return false;
      node.reset(node[index]);
    } else if (node.IsMap()) {
      const YAML::Node child = node[part];
      if (!child) return false;
      node.reset(child);
    } else {
      return false;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return true;
}

Parameter parse_parameter(YamlMap& map, const YAML::Node& base_dump, const std::set<std::string>& earlier) {
  Parameter parameter;
  parameter.key = map.get_string("key");
  if (!arch_has_key(base_dump, parameter.key)) {
    map.fail("key", "a key of the base arch (see sextant-sim --dump-config)", "'" + parameter.key + "'");
  }
  if (earlier.count(parameter.key) != 0) map.fail("key", "each arch key once", "'" + parameter.key + "' again");
  const char* forms[] = {"range", "pow2", "choices", "same_as"};
  int given = 0;
  for (const char* form : forms) given += map.has(form) ? 1 : 0;
  if (given != 1) {
    map.fail("key", "exactly one of range, pow2, choices, same_as for '" + parameter.key + "'",
             std::to_string(given) + " of them");
  }
  parameter.unit = map.get_string("unit", "");
  if (map.has("range") || map.has("pow2")) {
    const bool pow2 = map.has("pow2");
    const std::string form = pow2 ? "pow2" : "range";
    parameter.kind = pow2 ? ParameterKind::kPow2 : ParameterKind::kRange;
    const YAML::Node bounds = map.raw(form);
    if (!bounds.IsSequence() || bounds.size() != 2) map.fail(form, "a list [low, high]");
    try {
      parameter.low = bounds[0].as<std::int64_t>();
      parameter.high = bounds[1].as<std::int64_t>();
    } catch (const YAML::Exception&) {
      map.fail(form, "two integers [low, high]");
    }
    if (parameter.low < 1 || parameter.high < parameter.low) {
      map.fail(form, "integers 1 <= low <= high", "[" + std::to_string(parameter.low) + ", " +
                                                      std::to_string(parameter.high) + "]");
    }
    if (pow2 && (!is_power_of_two(parameter.low) || !is_power_of_two(parameter.high))) {
      map.fail(form, "powers of two [low, high]", "[" + std::to_string(parameter.low) + ", " +
                                                      std::to_string(parameter.high) + "]");
    }
  } else if (map.has("choices")) {
    parameter.kind = ParameterKind::kChoice;
    parameter.choices = map.get_string_list("choices");
    if (parameter.choices.empty()) map.fail("choices", "at least one value", "an empty list");
    if (!parameter.unit.empty()) map.fail("unit", "no unit on a choices parameter", "'" + parameter.unit + "'");
  } else {
    parameter.kind = ParameterKind::kTied;
    parameter.tied_to = map.get_string("same_as");
    if (earlier.count(parameter.tied_to) == 0) {
      map.fail("same_as", "the key of an earlier parameter", "'" + parameter.tied_to + "'");
    }
    if (!parameter.unit.empty()) map.fail("unit", "no unit on a same_as parameter (it copies the value)",
                                          "'" + parameter.unit + "'");
  }
  map.finish();
  return parameter;
}

}  // namespace

DesignSpace parse_design_space(const std::string& yaml_text, const std::string& file) {
  const YAML::Node root = parse_yaml_text(yaml_text, file);
  YamlMap map(root, file, "");
  DesignSpace space;
  space.file = file;
  space.yaml_text = yaml_text;
  space.name = map.get_string("name");
  if (space.name.empty()) map.fail("name", "a non-empty name", "''");
  map.get_string("description", "");

  space.base_arch = resolve_relative(file, map.get_string("base_arch"));
  if (map.has("set")) space.fixed_overrides = map.get_string_list("set");
  ArchConfig base;
  try {
    base = load_arch_config(space.base_arch, space.fixed_overrides);
  } catch (const ConfigError& error) {
    map.fail("base_arch", "a valid arch (with the space's `set` overrides)", error.what());
  }
  const YAML::Node base_dump = YAML::Load(dump_arch_config(base));

  space.sampler = map.get_enum<SamplerKind>(
      "sampler", {{"uniform", SamplerKind::kUniform}, {"lhs", SamplerKind::kLatinHypercube},
                  {"sobol", SamplerKind::kSobol}},
      SamplerKind::kSobol);

  std::set<std::string> keys;
  if (map.has("parameters")) {
    const std::vector<YAML::Node> items = map.get_list("parameters");
    for (std::size_t j = 0; j < items.size(); ++j) {
      YamlMap item(items[j], file, "parameters." + std::to_string(j));
      space.parameters.push_back(parse_parameter(item, base_dump, keys));
      keys.insert(space.parameters.back().key);
    }
  }

  const std::vector<YAML::Node> workloads = map.get_list("workloads");
  if (workloads.empty()) map.fail("workloads", "at least one network", "an empty list");
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    YamlMap item(workloads[i], file, "workloads." + std::to_string(i));
    const Network network = load_network(resolve_relative(file, item.get_string("network")));
    std::vector<std::int64_t> indices;
    if (item.has("ops")) {
      for (const std::string& name : item.get_string_list("ops")) {
        std::int64_t found = -1;
        for (std::size_t k = 0; k < network.ops.size(); ++k) {
          if (network.ops[k].name == name) found = static_cast<std::int64_t>(k);
        }
        if (found < 0) item.fail("ops", "op names of network " + network.name, "'" + name + "'");
        if (is_vector_op(network.ops[static_cast<std::size_t>(found)].kind)) {
          item.fail("ops", "PE-array ops (conv, matmul, fc): datagen does not sample vector ops yet", "'" + name + "'");
        }
        indices.push_back(found);
      }
    } else {
      // Every PE-array op; vector ops (pooling, softmax, ...) have no mapping space and no
      // analytical model yet, so they are not samples. op_index keeps the network's numbering.
      for (std::size_t k = 0; k < network.ops.size(); ++k) {
        if (!is_vector_op(network.ops[k].kind)) indices.push_back(static_cast<std::int64_t>(k));
      }
    }
    item.finish();
    for (std::int64_t k : indices) {
      space.ops.push_back(WorkloadOp{network.name, k, network.ops[static_cast<std::size_t>(k)]});
    }
  }

  space.mapping = map.get_enum<MappingPolicy>(
      "mapping", {{"default", MappingPolicy::kDefault}, {"random", MappingPolicy::kRandom},
                  {"best", MappingPolicy::kBest}, {"both", MappingPolicy::kBoth}},
      MappingPolicy::kDefault);

  if (map.has("constraints")) {
    YamlMap constraints = map.get_map("constraints");
    for (const char* key : {"max_area_mm2", "max_power_mw"}) {
      if (constraints.has(key) && constraints.get_double(key) <= 0.0) constraints.fail(key, "a number > 0");
    }
    space.max_area_mm2 = constraints.get_double("max_area_mm2", 0.0);
    space.max_power_mw = constraints.get_double("max_power_mw", 0.0);
    constraints.finish();
  }

  if (map.has("fidelities")) {
    space.fidelities.clear();
    const std::vector<YAML::Node> items = map.get_list("fidelities");
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string text = items[i].IsScalar() ? items[i].Scalar() : "";
      Fidelity fidelity = Fidelity::kTlm;
      if (text == "analytical") {
        fidelity = Fidelity::kAnalytical;
      } else if (text != "tlm") {
        throw ConfigError(location_of(items[i], file), "fidelities." + std::to_string(i),
                          "one of analytical, tlm", describe_node(items[i]));
      }
      for (Fidelity seen : space.fidelities) {
        if (seen == fidelity) {
          throw ConfigError(location_of(items[i], file), "fidelities." + std::to_string(i),
                            "each fidelity once", "'" + text + "' again");
        }
      }
      space.fidelities.push_back(fidelity);
    }
    if (space.fidelities.empty()) map.fail("fidelities", "at least one of analytical, tlm", "an empty list");
  }
  map.finish();
  return space;
}

DesignSpace load_design_space(const std::string& path) {
  return parse_design_space(read_text_file(path), path);
}

}  // namespace sextant
