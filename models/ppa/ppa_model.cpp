// SPDX-License-Identifier: Apache-2.0
#include "models/ppa/ppa_model.h"

#include <algorithm>
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

/// A cache's data array (memory.llc or memory.l2) priced with the SRAM fit: one access
/// reads or writes a line of a bank. Sets read and write pJ per byte and the area.
void price_cache(const TechTable& t, const LlcConfig& cache, double& read_pj_per_byte, double& write_pj_per_byte,
                 double& mm2) {
  BufferConfig array;
  array.size_bytes = cache.size_bytes;
  array.banks = cache.banks;
  array.bank_width_bytes = cache.line_bytes;
  array.ports = 1;
  read_pj_per_byte = sram_access_pj(t, array) / cache.line_bytes;
  write_pj_per_byte = read_pj_per_byte * t.sram_write_to_read;
  mm2 = sram_area_mm2(t, array);
}

/// Energy per DRAM command from the datasheet currents, as Micron's TN-41-01 computes
/// power: each command's current above the standby current it replaces, times VDD,
/// times how long the command draws it, times the devices of a rank. mA x V x ns = pJ.
void price_dram_commands(const DramConfig& d, PpaModel& m) {
  const double per_tck = d.vdd_v * d.tck_ns * d.devices_per_rank;
  // IDD0 is measured cycling ACT-PRE at tRC: take away the standby current of that
  // interval (active for tRAS, precharged for the rest).
  const double activate_ma_tck = d.idd0_ma * d.trc - (d.idd3n_ma * d.tras + d.idd2n_ma * (d.trc - d.tras));
  m.dram_per_command = true;
  m.dram_activate_pj = std::max(0.0, activate_ma_tck) * per_tck;
  m.dram_read_burst_pj = std::max(0.0, d.idd4r_ma - d.idd3n_ma) * d.burst_cycles() * per_tck;
  m.dram_write_burst_pj = std::max(0.0, d.idd4w_ma - d.idd3n_ma) * d.burst_cycles() * per_tck;
  m.dram_refresh_pj = std::max(0.0, d.idd5b_ma - d.idd3n_ma) * d.trfc * per_tck;
  m.dram_burst_bytes = d.burst_bytes();
  const double ranks = static_cast<double>(d.ranks) * d.channels;
  m.dram_refreshes_per_ns = d.refresh ? ranks / (d.trefi * d.tck_ns) : 0.0;
  // Standby between commands: rows mostly open with the open-page policy (IDD3N), banks
  // precharged with the closed one (IDD2N); every device of every rank draws it.
  const double standby_ma = d.page_policy == PagePolicy::kOpen ? d.idd3n_ma : d.idd2n_ma;
  m.dram_background_mw = standby_ma * d.vdd_v * d.devices_per_rank * ranks;
}

double dram_energy_pj(const PpaModel& m, const AccessCounts& c, double latency_ns) {
  const auto read_bytes = static_cast<double>(c.dram_read_bytes);
  const auto write_bytes = static_cast<double>(c.dram_write_bytes);
  const double background_pj = m.dram_background_mw * latency_ns;  // mW x ns = pJ
  if (!m.dram_per_command) {
    return read_bytes * m.dram_read_pj_per_byte + write_bytes * m.dram_write_pj_per_byte +
           (read_bytes + write_bytes) * m.dram_activate_pj_per_byte + background_pj;
  }
  double activates = static_cast<double>(c.dram_activates);
  double reads = static_cast<double>(c.dram_reads);
  double writes = static_cast<double>(c.dram_writes);
  double refreshes = static_cast<double>(c.dram_refreshes);
  if (!c.dram_commands_known) {
    // No simulation: bursts from the bytes, an ACT for every burst that misses the open
    // row at the assumed hit rate, refreshes at their rate over the op.
    reads = std::ceil(read_bytes / m.dram_burst_bytes);
    writes = std::ceil(write_bytes / m.dram_burst_bytes);
    activates = (reads + writes) * (1.0 - kAssumedDramRowHitRate);
    refreshes = latency_ns * m.dram_refreshes_per_ns;
  }
  return activates * m.dram_activate_pj + reads * m.dram_read_burst_pj + writes * m.dram_write_burst_pj +
         refreshes * m.dram_refresh_pj + background_pj;
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
  if (arch.memory.llc && arch.memory.model != MemoryModel::kIdeal) {
    m.has_llc = true;
    price_cache(t, *arch.memory.llc, m.llc_read_pj_per_byte, m.llc_write_pj_per_byte, m.llc_mm2);
  }
  if (arch.memory.l2 && arch.memory.model != MemoryModel::kIdeal) {
    m.has_l2 = true;
    price_cache(t, *arch.memory.l2, m.l2_read_pj_per_byte, m.l2_write_pj_per_byte, m.l2_mm2);
  }
  // The caches are the SoC's, beside the core: they add their own area, not control overhead.
  m.area_mm2 = core_mm2 + m.overhead_mm2 + m.llc_mm2 + m.l2_mm2;
  m.leakage_mw = t.leakage_mw_per_mm2 * m.area_mm2;
  m.overhead_fraction = t.clock_control_energy_fraction;

  // The arch's own DRAM standard when it names one, else the table's default.
  m.dram_standard = t.dram_default;
  if (arch.memory.dram && t.dram.count(dram_standard_name(arch.memory.dram->standard)) != 0) {
    m.dram_standard = dram_standard_name(arch.memory.dram->standard);
  }
  const DramEnergy& dram = t.dram_standard(m.dram_standard);
  m.dram_read_pj_per_byte = 8.0 * dram.read_pj_per_bit;
  m.dram_write_pj_per_byte = 8.0 * dram.write_pj_per_bit;
  m.dram_activate_pj_per_byte = dram.activate_pj / dram.row_bytes;
  m.dram_background_mw = arch.memory.model == MemoryModel::kIdeal ? 0.0 : dram.background_mw;
  if (arch.memory.model == MemoryModel::kDram && arch.memory.dram->has_power()) {
    price_dram_commands(*arch.memory.dram, m);
  }
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
  e.dram_pj = dram_energy_pj(m, c, e.latency_ns);
  e.llc_pj = static_cast<double>(c.llc_read_bytes) * m.llc_read_pj_per_byte +
             static_cast<double>(c.llc_write_bytes) * m.llc_write_pj_per_byte;
  e.l2_pj = static_cast<double>(c.l2_read_bytes) * m.l2_read_pj_per_byte +
            static_cast<double>(c.l2_write_bytes) * m.l2_write_pj_per_byte;
  e.leakage_pj = m.leakage_mw * e.latency_ns;
  e.overhead_pj = m.overhead_fraction * on_chip;
  e.energy_pj = on_chip + e.vector_unit_pj + e.noc_pj + e.llc_pj + e.l2_pj + e.dram_pj + e.leakage_pj + e.overhead_pj;
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
  c.llc_read_bytes = get(op.bytes_read, "LLC");
  c.llc_write_bytes = get(op.bytes_written, "LLC");
  c.l2_read_bytes = get(op.bytes_read, "L2");
  c.l2_write_bytes = get(op.bytes_written, "L2");
  // The DRAM model's command counts, when the op was simulated with it.
  for (const StatsGroup& group : op.stats) {
    const Stat* activates = group.find("activates");
    const Stat* reads = group.find("reads");
    const Stat* writes = group.find("writes");
    const Stat* refreshes = group.find("refreshes");
    if (activates == nullptr || reads == nullptr || writes == nullptr || refreshes == nullptr) continue;
    c.dram_commands_known = true;
    c.dram_activates = static_cast<std::uint64_t>(activates->value);
    c.dram_reads = static_cast<std::uint64_t>(reads->value);
    c.dram_writes = static_cast<std::uint64_t>(writes->value);
    c.dram_refreshes = static_cast<std::uint64_t>(refreshes->value);
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
  if (m.has_llc) op.energy_breakdown_pj["llc"] = e.llc_pj;
  if (m.has_l2) op.energy_breakdown_pj["l2"] = e.l2_pj;
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
  if (m.has_llc) op.area_breakdown_mm2["llc"] = m.llc_mm2;
  if (m.has_l2) op.area_breakdown_mm2["l2"] = m.l2_mm2;
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
