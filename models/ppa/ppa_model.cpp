// SPDX-License-Identifier: Apache-2.0
#include "models/ppa/ppa_model.h"

#include <cmath>

#include "tlm/core/config_error.h"

namespace sextant {
namespace {

constexpr double kUm2PerMm2 = 1.0e6;

/// Energy of one SRAM access of the bank's full width (the CACTI-like fit of docs/ppa.md).
double sram_access_pj(const TechTable& t, const BufferConfig& buffer) {
  const double width_bits = 8.0 * buffer.bank_width_bytes;
  const double bank_bytes = static_cast<double>(buffer.bank_size_bytes());
  return t.sram_reference_pj * (width_bits / 64.0) * std::pow(bank_bytes / 8192.0, t.sram_capacity_exponent) *
         (1.0 + t.sram_port_energy_step * (buffer.ports - 1));
}

double sram_area_mm2(const TechTable& t, const BufferConfig& buffer) {
  const double bits = 8.0 * static_cast<double>(buffer.size_bytes);
  const double cells = bits * t.sram_cell_um2 * (1.0 + t.sram_port_area_step * (buffer.ports - 1)) /
                       t.sram_array_efficiency / kUm2PerMm2;
  return cells + buffer.banks * t.sram_bank_periphery_mm2;
}

}  // namespace

PpaModel prepare_ppa(const ArchConfig& arch, const TechTable& t) {
  if (arch.buffers.size() > static_cast<std::size_t>(kMaxPpaBuffers)) {
    throw ConfigError(SourceLocation{}, "buffers", "at most " + std::to_string(kMaxPpaBuffers) + " buffers for PPA",
                      std::to_string(arch.buffers.size()));
  }
  PpaModel m;
  m.tech = t.name;
  m.cycle_ns = arch.cycle_ns();
  m.buffer_count = static_cast<int>(arch.buffers.size());
  const PeArrayConfig& pe = arch.pe_array;
  const double pes = static_cast<double>(pe.rows) * pe.cols;
  // Every core has its own array and buffers (the NoC's routers and links are not priced yet).
  const double cores = arch.cores();

  // One MAC: multiplier at the operand width, adder at the accumulator width.
  double mac_um2 = 0.0;
  if (pe.arithmetic == Arithmetic::kFloat) {
    m.mac_pj = t.fp32_multiplier_pj + t.fp32_adder_pj;
    mac_um2 = t.fp32_multiplier_um2 + t.fp32_adder_um2;
  } else {
    const double square = std::pow(pe.operand_bits / 32.0, 2.0);
    m.mac_pj = t.int_multiplier_pj_32b * square + t.int_adder_pj_per_bit * pe.accumulator_bits;
    mac_um2 = t.int_multiplier_um2_32b * square + t.int_adder_um2_per_bit * pe.accumulator_bits;
  }
  // Per MAC the array shifts one operand (two for OS) and one partial sum one PE further.
  const int moved_operands = pe.dataflow == Dataflow::kOutputStationary ? 2 : 1;
  m.register_pj = t.register_pj_per_bit * (moved_operands * pe.operand_bits + pe.accumulator_bits);
  const double register_bits = 2.0 * pe.operand_bits + pe.accumulator_bits;
  m.pe_array_mm2 = cores * pes * (mac_um2 + register_bits * t.register_um2_per_bit) / kUm2PerMm2;

  double core_mm2 = m.pe_array_mm2;
  for (std::size_t b = 0; b < arch.buffers.size(); ++b) {
    const BufferConfig& buffer = arch.buffers[b];
    m.buffer_names.push_back(buffer.name);
    const double per_byte = sram_access_pj(t, buffer) / buffer.bank_width_bytes;
    m.read_pj_per_byte[b] = per_byte;
    m.write_pj_per_byte[b] = per_byte * t.sram_write_to_read;
    m.buffer_mm2[b] = cores * sram_area_mm2(t, buffer);
    core_mm2 += m.buffer_mm2[b];
  }
  m.overhead_mm2 = t.control_area_fraction * core_mm2;
  m.area_mm2 = core_mm2 + m.overhead_mm2;
  m.leakage_mw = t.leakage_mw_per_mm2 * m.area_mm2;
  m.overhead_fraction = t.clock_control_energy_fraction;

  m.dram_standard = t.dram_default;
  const DramEnergy& dram = t.dram_standard(m.dram_standard);
  m.dram_read_pj_per_byte = 8.0 * dram.read_pj_per_bit;
  m.dram_write_pj_per_byte = 8.0 * dram.write_pj_per_bit;
  m.dram_activate_pj_per_byte = dram.activate_pj / dram.row_bytes;
  m.dram_background_mw = arch.memory.model == MemoryModel::kIdeal ? 0.0 : dram.background_mw;
  return m;
}

PpaModel prepare_ppa(const ArchConfig& arch) { return prepare_ppa(arch, load_tech_table(arch.tech)); }

PpaEstimate evaluate_ppa(const PpaModel& m, const AccessCounts& c) {
  PpaEstimate e;
  const auto macs = static_cast<double>(c.macs);
  e.mac_pj = macs * m.mac_pj;
  e.register_pj = macs * m.register_pj;
  double on_chip = e.mac_pj + e.register_pj;
  // The tables have no vector-unit entry yet: price one element operation like one MAC of
  // the same precision (a multiply and an add, as scale-and-shift or exp steps need), an
  // upper bound for plain adds and comparisons (docs/ppa.md).
  e.vector_unit_pj = static_cast<double>(c.vector_element_ops) * m.mac_pj;
  for (int b = 0; b < m.buffer_count; ++b) {
    const auto i = static_cast<std::size_t>(b);
    e.buffer_pj[i] = static_cast<double>(c.buffer_read_bytes[i]) * m.read_pj_per_byte[i] +
                     static_cast<double>(c.buffer_write_bytes[i]) * m.write_pj_per_byte[i];
    on_chip += e.buffer_pj[i];
  }
  e.latency_ns = static_cast<double>(c.latency_cycles) * m.cycle_ns;
  const auto dram_read = static_cast<double>(c.dram_read_bytes);
  const auto dram_write = static_cast<double>(c.dram_write_bytes);
  // mW x ns = pJ.
  e.dram_pj = dram_read * m.dram_read_pj_per_byte + dram_write * m.dram_write_pj_per_byte +
              (dram_read + dram_write) * m.dram_activate_pj_per_byte + m.dram_background_mw * e.latency_ns;
  e.leakage_pj = m.leakage_mw * e.latency_ns;
  e.overhead_pj = m.overhead_fraction * on_chip;
  e.energy_pj = on_chip + e.vector_unit_pj + e.noc_pj + e.dram_pj + e.leakage_pj + e.overhead_pj;
  e.power_mw = e.latency_ns > 0.0 ? e.energy_pj / e.latency_ns : 0.0;
  e.edp_pj_cycles = e.energy_pj * static_cast<double>(c.latency_cycles);
  return e;
}

AccessCounts access_counts(const PpaModel& m, const OpResult& op) {
  AccessCounts c;
  c.macs = op.macs;
  c.vector_element_ops = op.vector_element_ops;
  c.latency_cycles = op.latency_cycles;
  const auto get = [](const std::map<std::string, std::uint64_t>& map, const std::string& key) {
    const auto found = map.find(key);
    return found == map.end() ? std::uint64_t{0} : found->second;
  };
  c.dram_read_bytes = get(op.bytes_read, "DRAM");
  c.dram_write_bytes = get(op.bytes_written, "DRAM");
  for (int b = 0; b < m.buffer_count; ++b) {
    const auto i = static_cast<std::size_t>(b);
    c.buffer_read_bytes[i] = get(op.bytes_read, m.buffer_names[i]);
    c.buffer_write_bytes[i] = get(op.bytes_written, m.buffer_names[i]);
  }
  return c;
}

namespace {

void fill_op(const PpaModel& m, const PpaEstimate& e, OpResult& op) {
  op.energy_breakdown_pj.clear();
  op.energy_breakdown_pj["mac"] = e.mac_pj;
  op.energy_breakdown_pj["registers"] = e.register_pj;
  for (int b = 0; b < m.buffer_count; ++b) {
    op.energy_breakdown_pj[m.buffer_names[static_cast<std::size_t>(b)]] = e.buffer_pj[static_cast<std::size_t>(b)];
  }
  op.energy_breakdown_pj["vector_unit"] = e.vector_unit_pj;
  op.energy_breakdown_pj["noc"] = e.noc_pj;
  op.energy_breakdown_pj["dram"] = e.dram_pj;
  op.energy_breakdown_pj["leakage"] = e.leakage_pj;
  op.energy_breakdown_pj["overhead"] = e.overhead_pj;
  op.energy_pj = e.energy_pj;
  op.area_breakdown_mm2.clear();
  op.area_breakdown_mm2["pe_array"] = m.pe_array_mm2;
  for (int b = 0; b < m.buffer_count; ++b) {
    op.area_breakdown_mm2[m.buffer_names[static_cast<std::size_t>(b)]] = m.buffer_mm2[static_cast<std::size_t>(b)];
  }
  op.area_breakdown_mm2["vector_unit"] = 0.0;
  op.area_breakdown_mm2["noc"] = 0.0;
  op.area_breakdown_mm2["overhead"] = m.overhead_mm2;
  op.area_mm2 = m.area_mm2;
  op.power_mw = e.power_mw;
  op.edp_pj_cycles = e.edp_pj_cycles;
}

}  // namespace

void apply_ppa(const PpaModel& m, Result& result) {
  OpResult& total = result.total;
  total.energy_pj = 0.0;
  total.energy_breakdown_pj.clear();
  for (OpResult& op : result.ops) {
    fill_op(m, evaluate_ppa(m, access_counts(m, op)), op);
    for (const auto& [component, pj] : op.energy_breakdown_pj) {
      total.energy_breakdown_pj[component] += static_cast<double>(op.count) * pj;
    }
    total.energy_pj += static_cast<double>(op.count) * op.energy_pj;
  }
  total.area_breakdown_mm2 = result.ops.empty() ? std::map<std::string, double>{} : result.ops.front().area_breakdown_mm2;
  total.area_mm2 = m.area_mm2;
  finish_total_ppa(total);
}

}  // namespace sextant
