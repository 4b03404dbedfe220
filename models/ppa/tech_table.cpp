// SPDX-License-Identifier: Apache-2.0
#include "models/ppa/tech_table.h"

#include "tlm/core/arch_config.h"
#include "tlm/core/config_error.h"
#include "tlm/core/yaml_access.h"

namespace sextant {
namespace {

/// A value that must be >= 0 (energies, areas, fractions).
double non_negative(YamlMap& map, const std::string& key) {
  const double value = map.get_double(key);
  if (!(value >= 0.0)) map.fail(key, "a number >= 0");
  return value;
}

double positive(YamlMap& map, const std::string& key) {
  const double value = map.get_double(key);
  if (!(value > 0.0)) map.fail(key, "a number > 0");
  return value;
}

}  // namespace

const DramEnergy& TechTable::dram_standard(const std::string& standard) const {
  const auto found = dram.find(standard);
  if (found == dram.end()) {
    throw ConfigError(SourceLocation{name, 0, 0}, "dram." + standard, "a DRAM standard of the tech table",
                      "none named '" + standard + "'");
  }
  return found->second;
}

TechTable parse_tech_table(const std::string& yaml_text, const std::string& file) {
  const YAML::Node root_node = parse_yaml_text(yaml_text, file);
  YamlMap root(root_node, file, "");
  TechTable t;
  t.name = root.get_string("node");
  t.feature_nm = positive(root, "feature_nm");
  t.vdd_v = positive(root, "vdd_v");
  t.energy_factor = positive(root, "energy_factor");
  t.logic_area_factor = positive(root, "logic_area_factor");

  YamlMap mac = root.get_map("mac");
  t.int_multiplier_pj_32b = non_negative(mac, "int_multiplier_pj_32b");
  t.int_adder_pj_per_bit = non_negative(mac, "int_adder_pj_per_bit");
  t.fp32_multiplier_pj = non_negative(mac, "fp32_multiplier_pj");
  t.fp32_adder_pj = non_negative(mac, "fp32_adder_pj");
  t.int_multiplier_um2_32b = non_negative(mac, "int_multiplier_um2_32b");
  t.int_adder_um2_per_bit = non_negative(mac, "int_adder_um2_per_bit");
  t.fp32_multiplier_um2 = non_negative(mac, "fp32_multiplier_um2");
  t.fp32_adder_um2 = non_negative(mac, "fp32_adder_um2");
  mac.finish();

  YamlMap reg = root.get_map("register");
  t.register_pj_per_bit = non_negative(reg, "pj_per_bit");
  t.register_um2_per_bit = non_negative(reg, "um2_per_bit");
  reg.finish();

  YamlMap sram = root.get_map("sram");
  t.sram_reference_pj = non_negative(sram, "reference_pj");
  t.sram_capacity_exponent = non_negative(sram, "capacity_exponent");
  t.sram_write_to_read = non_negative(sram, "write_to_read");
  t.sram_port_energy_step = non_negative(sram, "port_energy_step");
  t.sram_cell_um2 = positive(sram, "cell_um2");
  t.sram_port_area_step = non_negative(sram, "port_area_step");
  t.sram_array_efficiency = positive(sram, "array_efficiency");
  if (t.sram_array_efficiency > 1.0) sram.fail("array_efficiency", "a fraction in (0, 1]");
  t.sram_bank_periphery_mm2 = non_negative(sram, "bank_periphery_mm2");
  sram.finish();

  YamlMap leakage = root.get_map("leakage");
  t.leakage_mw_per_mm2 = non_negative(leakage, "mw_per_mm2");
  leakage.finish();

  YamlMap noc = root.get_map("noc");
  t.noc_flit_bits = positive(noc, "flit_bits");
  t.noc_link_pj_per_bit_mm = non_negative(noc, "link_pj_per_bit_mm");
  t.noc_router_pj_per_flit_hop = non_negative(noc, "router_pj_per_flit_hop");
  t.noc_router_mm2 = non_negative(noc, "router_mm2");
  noc.finish();

  YamlMap overhead = root.get_map("overhead");
  t.clock_control_energy_fraction = non_negative(overhead, "clock_control_energy_fraction");
  t.control_area_fraction = non_negative(overhead, "control_area_fraction");
  overhead.finish();

  YamlMap dram = root.get_map("dram");
  const YAML::Node dram_node = root_node["dram"];
  for (const auto& item : dram_node) {
    const std::string standard = item.first.as<std::string>();
    YamlMap spec = dram.get_map(standard);
    DramEnergy energy;
    energy.read_pj_per_bit = non_negative(spec, "read_pj_per_bit");
    energy.write_pj_per_bit = non_negative(spec, "write_pj_per_bit");
    energy.activate_pj = non_negative(spec, "activate_pj");
    energy.row_bytes = positive(spec, "row_bytes");
    energy.background_mw = non_negative(spec, "background_mw");
    spec.finish();
    t.dram[standard] = energy;
  }
  dram.finish();
  t.dram_default = root.get_string("dram_default");
  if (t.dram.count(t.dram_default) == 0) {
    root.fail("dram_default", "one of the standards under dram", "'" + t.dram_default + "'");
  }
  root.finish();
  return t;
}

TechTable load_tech_table(const std::string& name) {
  const std::string path = technology_directory() + "/" + name + ".yaml";
  return parse_tech_table(read_text_file(path), path);
}

}  // namespace sextant
