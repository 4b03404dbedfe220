// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>

namespace sextant {

/// Energy of one DRAM standard (off-chip: independent of the logic node).
struct DramEnergy {
  double read_pj_per_bit = 0.0;   ///< column read + I/O, per bit moved
  double write_pj_per_bit = 0.0;  ///< column write + I/O, per bit moved
  double activate_pj = 0.0;       ///< one row activation + precharge
  double row_bytes = 0.0;         ///< bytes opened per activation
  double background_mw = 0.0;     ///< standby + refresh power while the op runs
};

/// One technology node's table (yaml/tech/<name>.yaml); docs/ppa.md gives every value's
/// source and the fit forms that use them.
struct TechTable {
  std::string name;
  double feature_nm = 45.0;
  double vdd_v = 0.9;
  double energy_factor = 1.0;      ///< relative to 45 nm (documentation and tests)
  double logic_area_factor = 1.0;  ///< relative to 45 nm (documentation and tests)
  // MAC: multiplier at the operand width + adder at the accumulator width.
  double int_multiplier_pj_32b = 0.0;  ///< pJ; scales as (bits/32)^2
  double int_adder_pj_per_bit = 0.0;   ///< pJ per accumulator bit
  double fp32_multiplier_pj = 0.0;
  double fp32_adder_pj = 0.0;
  double int_multiplier_um2_32b = 0.0;  ///< um2; scales as (bits/32)^2
  double int_adder_um2_per_bit = 0.0;
  double fp32_multiplier_um2 = 0.0;
  double fp32_adder_um2 = 0.0;
  // PE pipeline registers.
  double register_pj_per_bit = 0.0;
  double register_um2_per_bit = 0.0;
  // SRAM fit: E = reference_pj (W/64) (bank bytes/8192)^capacity_exponent (1 + port_energy_step (P-1)).
  double sram_reference_pj = 0.0;
  double sram_capacity_exponent = 0.5;
  double sram_write_to_read = 1.0;
  double sram_port_energy_step = 0.0;
  double sram_cell_um2 = 0.0;
  double sram_port_area_step = 0.0;
  double sram_array_efficiency = 1.0;
  double sram_bank_periphery_mm2 = 0.0;
  double leakage_mw_per_mm2 = 0.0;
  // NoC (no NoC model yet: carried for the NoC issue).
  double noc_flit_bits = 128.0;
  double noc_link_pj_per_bit_mm = 0.0;
  double noc_router_pj_per_flit_hop = 0.0;
  double noc_router_mm2 = 0.0;
  double clock_control_energy_fraction = 0.0;
  double control_area_fraction = 0.0;
  std::string dram_default;                 ///< standard used while the arch names none
  std::map<std::string, DramEnergy> dram;   ///< by standard name (DDR3, DDR4, LPDDR4, HBM2)

  const DramEnergy& dram_standard(const std::string& standard) const;
};

/// Reads yaml/tech/<name>.yaml (technology_directory()). Throws ConfigError naming file,
/// line, column and key for anything missing, unknown or out of range.
TechTable load_tech_table(const std::string& name);
TechTable parse_tech_table(const std::string& yaml_text, const std::string& file);

}  // namespace sextant
