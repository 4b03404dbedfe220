// SPDX-License-Identifier: Apache-2.0
// PPA (SystemC-free): components add up to totals, node changes follow the tables'
// factors, a larger scratchpad costs more area and more energy per access, and the
// technology tables are read strictly.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "models/analytical/analytical_model.h"
#include "models/ppa/ppa_model.h"
#include "models/ppa/tech_table.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/config_error.h"
#include "tlm/core/yaml_access.h"
#include "workloads/mapper.h"
#include "workloads/network.h"

namespace sextant {
namespace {

const std::string kRoot = SEXTANT_SOURCE_DIR;

ArchConfig preset(const std::string& name, const std::vector<std::string>& overrides = {}) {
  return load_arch_config(kRoot + "/yaml/arch/" + name + ".yaml", overrides);
}

Result analytical_resnet(const ArchConfig& arch) {
  const Network network = load_network(kRoot + "/yaml/workloads/resnet50.yaml");
  std::vector<Mapping> mappings;
  for (const Op& op : network.ops) mappings.push_back(is_vector_op(op.kind) ? Mapping{} : default_mapping(op, arch));
  Result result = analyze_network(arch, network, mappings);
  apply_ppa(prepare_ppa(arch), result);
  return result;
}

double sum(const std::map<std::string, double>& parts) {
  double total = 0.0;
  for (const auto& [name, value] : parts) total += value;
  return total;
}

TEST(Ppa, ComponentsAddUpToTotals) {
  for (const char* name : {"gemmini-default-like", "tpu-v1-like", "eyeriss-like", "scalesim-default-like"}) {
    const Result result = analytical_resnet(preset(name));
    for (const OpResult& op : result.ops) {
      EXPECT_NEAR(sum(op.energy_breakdown_pj), op.energy_pj, 1e-9 * op.energy_pj) << name << " " << op.name;
      EXPECT_NEAR(sum(op.area_breakdown_mm2), op.area_mm2, 1e-12) << name;
      // PE-array ops spend MAC energy, vector ops (pooling) vector-unit energy.
      EXPECT_GT(op.energy_breakdown_pj.at(op.macs > 0 ? "mac" : "vector_unit"), 0.0) << op.name;
      EXPECT_GT(op.energy_breakdown_pj.at("dram"), 0.0);
      EXPECT_GT(op.energy_breakdown_pj.at("leakage"), 0.0);
      EXPECT_DOUBLE_EQ(op.edp_pj_cycles, op.energy_pj * static_cast<double>(op.latency_cycles));
      EXPECT_DOUBLE_EQ(op.power_mw, op.energy_pj / op.latency_ns);
    }
    const OpResult& total = result.total;
    EXPECT_NEAR(sum(total.energy_breakdown_pj), total.energy_pj, 1e-9 * total.energy_pj) << name;
    double ops_energy = 0.0;
    for (const OpResult& op : result.ops) ops_energy += static_cast<double>(op.count) * op.energy_pj;
    EXPECT_NEAR(total.energy_pj, ops_energy, 1e-9 * ops_energy);
    // Network EDP = (sum of energy) x (sum of latency).
    EXPECT_DOUBLE_EQ(total.edp_pj_cycles, total.energy_pj * static_cast<double>(total.latency_cycles));
    EXPECT_NEAR(sum(total.area_breakdown_mm2), total.area_mm2, 1e-12);
  }
}

TEST(Ppa, NodeChangeScalesByTheTablesFactors) {
  const ArchConfig old_node = preset("gemmini-default-like", {"tech=45nm"});
  const ArchConfig new_node = preset("gemmini-default-like", {"tech=7nm"});
  const TechTable t45 = load_tech_table("45nm");
  const TechTable t7 = load_tech_table("7nm");
  const double energy_factor = t7.energy_factor / t45.energy_factor;
  const double area_factor = t7.logic_area_factor / t45.logic_area_factor;
  const PpaModel a = prepare_ppa(old_node);
  const PpaModel b = prepare_ppa(new_node);
  EXPECT_NEAR(b.mac_pj / a.mac_pj, energy_factor, 1e-3 * energy_factor);
  EXPECT_NEAR(b.register_pj / a.register_pj, energy_factor, 1e-3 * energy_factor);
  for (int i = 0; i < a.buffer_count; ++i) {
    const auto s = static_cast<std::size_t>(i);
    EXPECT_NEAR(b.read_pj_per_byte[s] / a.read_pj_per_byte[s], energy_factor, 1e-3 * energy_factor);
    // SRAM area follows the published bit cells; the periphery follows the logic factor.
    EXPECT_LT(b.buffer_mm2[s], a.buffer_mm2[s]);
  }
  EXPECT_NEAR(b.pe_array_mm2 / a.pe_array_mm2, area_factor, 1e-3 * area_factor);
  // DRAM is its own die: its access energy does not change with the logic node.
  EXPECT_DOUBLE_EQ(b.dram_read_pj_per_byte, a.dram_read_pj_per_byte);

  // A whole network: on-chip dynamic energy moves exactly by the factor.
  const Result r45 = analytical_resnet(old_node);
  const Result r7 = analytical_resnet(new_node);
  for (const char* component : {"mac", "registers", "Scratchpad", "Accumulator", "overhead"}) {
    const double ratio = r7.total.energy_breakdown_pj.at(component) / r45.total.energy_breakdown_pj.at(component);
    EXPECT_NEAR(ratio, energy_factor, 1e-3 * energy_factor) << component;
  }
  EXPECT_LT(r7.total.area_mm2, r45.total.area_mm2);
  EXPECT_LT(r7.total.energy_pj, r45.total.energy_pj);
}

TEST(Ppa, LargerScratchpadCostsMoreAreaAndEnergyPerAccess) {
  const PpaModel small = prepare_ppa(preset("gemmini-default-like"));
  const PpaModel large = prepare_ppa(preset("gemmini-default-like", {"buffers.0.size=1 MiB"}));
  EXPECT_GT(large.buffer_mm2[0], small.buffer_mm2[0]);
  EXPECT_GT(large.read_pj_per_byte[0], small.read_pj_per_byte[0]);
  EXPECT_GT(large.write_pj_per_byte[0], small.write_pj_per_byte[0]);
  EXPECT_GT(large.area_mm2, small.area_mm2);
  EXPECT_DOUBLE_EQ(large.buffer_mm2[1], small.buffer_mm2[1]);
  // Horowitz's anchors: a 64-bit read of an 8 KB SRAM is 10 pJ at 45 nm; of 1 MB, 100 pJ.
  const TechTable t45 = load_tech_table("45nm");
  ArchConfig arch = preset("gemmini-default-like", {"tech=45nm", "buffers.0.size=8 KiB", "buffers.0.banks=1",
                                                    "buffers.0.bank_width=8 B"});
  EXPECT_NEAR(prepare_ppa(arch, t45).read_pj_per_byte[0] * 8, 10.0, 1e-9);
  arch = preset("gemmini-default-like", {"tech=45nm", "buffers.0.size=1 MiB", "buffers.0.banks=1",
                                         "buffers.0.bank_width=8 B"});
  EXPECT_NEAR(prepare_ppa(arch, t45).read_pj_per_byte[0] * 8, 100.0, 1.0);
}

TEST(Ppa, LeakageFollowsLatency) {
  const PpaModel model = prepare_ppa(preset("gemmini-default-like"));
  AccessCounts counts;
  counts.macs = 1000;
  counts.latency_cycles = 1000;
  const PpaEstimate fast = evaluate_ppa(model, counts);
  counts.latency_cycles = 2000;
  const PpaEstimate slow = evaluate_ppa(model, counts);
  EXPECT_NEAR(slow.leakage_pj, 2.0 * fast.leakage_pj, 1e-9);
  EXPECT_DOUBLE_EQ(slow.mac_pj, fast.mac_pj);
  EXPECT_GT(slow.energy_pj, fast.energy_pj);
}

TEST(Ppa, DramAndLlcComponentsAddUpToTotals) {
  const Result result = analytical_resnet(preset("gemmini-ddr4-like", {"memory.llc.size=4MiB"}));
  for (const OpResult& op : result.ops) {
    EXPECT_NEAR(sum(op.energy_breakdown_pj), op.energy_pj, 1e-9 * op.energy_pj) << op.name;
    EXPECT_NEAR(sum(op.area_breakdown_mm2), op.area_mm2, 1e-12) << op.name;
    EXPECT_GT(op.energy_breakdown_pj.at("dram"), 0.0);
  }
  EXPECT_GT(result.total.area_breakdown_mm2.at("llc"), 0.0);
  EXPECT_NEAR(sum(result.total.energy_breakdown_pj), result.total.energy_pj, 1e-9 * result.total.energy_pj);
}

TEST(Ppa, DramEnergyPerCommandFollowsTheIddCurrents) {
  // yaml/dram/ddr4-2400.yaml: Micron 4Gb x8 DDR4-2400 currents, 8 devices, tCK 0.833 ns.
  const PpaModel model = prepare_ppa(preset("gemmini-ddr4-like"));
  ASSERT_TRUE(model.dram_per_command);
  const double per_tck = 1.2 * 0.833 * 8;  // V x ns x devices: mA -> pJ per tCK
  EXPECT_NEAR(model.dram_activate_pj, (60.75 * 56 - (44 * 39 + 38.25 * (56 - 39))) * per_tck, 1e-6);
  EXPECT_NEAR(model.dram_read_burst_pj, (184.5 - 44) * 4 * per_tck, 1e-6);
  EXPECT_NEAR(model.dram_write_burst_pj, (168.75 - 44) * 4 * per_tck, 1e-6);
  EXPECT_NEAR(model.dram_refresh_pj, (118 - 44) * 420 * per_tck, 1e-6);
  EXPECT_NEAR(model.dram_background_mw, 44 * 1.2 * 8, 1e-9);  // open page: active standby
  // A memory without IDD data (the fixed endpoint) keeps the per-byte figures.
  EXPECT_FALSE(prepare_ppa(preset("gemmini-default-like")).dram_per_command);
}

TEST(Ppa, RowConflictsCostMoreDramEnergyThanASequentialStreamOfTheSameBytes) {
  const PpaModel model = prepare_ppa(preset("gemmini-ddr4-like"));
  AccessCounts sequential;
  sequential.latency_cycles = 100000;
  sequential.dram_read_bytes = 1 << 20;
  sequential.dram_commands_known = true;
  sequential.dram_reads = (1 << 20) / 64;
  sequential.dram_activates = (1 << 20) / 8192;  // one ACT per 8 KB row
  sequential.dram_refreshes = 12;
  AccessCounts conflicting = sequential;
  conflicting.dram_activates = conflicting.dram_reads;  // every burst opens a row
  const PpaEstimate a = evaluate_ppa(model, sequential);
  const PpaEstimate b = evaluate_ppa(model, conflicting);
  EXPECT_NEAR(b.dram_pj - a.dram_pj,
              static_cast<double>(conflicting.dram_activates - sequential.dram_activates) * model.dram_activate_pj,
              1e-6 * b.dram_pj);
  EXPECT_GT(b.dram_pj, 1.5 * a.dram_pj);
  EXPECT_DOUBLE_EQ(b.energy_pj - a.energy_pj, b.dram_pj - a.dram_pj);
}

TEST(Ppa, WithoutCommandCountsDramEnergyAssumesTheRowHitRate) {
  const PpaModel model = prepare_ppa(preset("gemmini-ddr4-like"));
  AccessCounts counts;
  counts.latency_cycles = 100000;  // 100 us at 1 GHz
  counts.dram_read_bytes = 64 * 1000;
  counts.dram_write_bytes = 64 * 500;
  const double expected = 1500 * (1.0 - kAssumedDramRowHitRate) * model.dram_activate_pj +
                          1000 * model.dram_read_burst_pj + 500 * model.dram_write_burst_pj +
                          100000.0 * model.dram_refreshes_per_ns * model.dram_refresh_pj +
                          model.dram_background_mw * 100000.0;
  EXPECT_NEAR(evaluate_ppa(model, counts).dram_pj, expected, 1e-9 * expected);
}

TEST(TechTable, EveryShippedTableLoads) {
  for (const std::string& name : technology_names()) {
    const TechTable table = load_tech_table(name);
    EXPECT_EQ(table.name, name);
    for (const char* standard : {"DDR3", "DDR4", "LPDDR4", "HBM2"}) {
      EXPECT_GT(table.dram_standard(standard).read_pj_per_bit, 0.0) << name << " " << standard;
    }
  }
}

TEST(TechTable, UnknownKeyIsAConfigErrorWithItsLocation) {
  std::string text = read_text_file(technology_directory() + "/45nm.yaml");
  text += "sram_extra: 1\n";
  try {
    parse_tech_table(text, "t.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("t.yaml:"), std::string::npos) << message;
    EXPECT_NE(message.find("sram_extra"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace sextant
