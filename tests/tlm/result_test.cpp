// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/result.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sextant {
namespace {

OpResult sample_op() {
  OpResult op;
  op.name = "conv1";
  op.type = "conv";
  op.count = 3;
  op.latency_cycles = 100;
  op.latency_ns = 100.0;
  op.macs = 6400;
  op.commands = 7;
  op.memory_requests = 11;
  op.bytes_read = {{"DRAM", 1000}, {"Scratchpad", 500}};
  op.bytes_written = {{"DRAM", 200}};
  op.stall_cycles = {{stall::kDramBandwidth, 10}};
  op.busy_cycles = {{"pe_array", 80}};
  op.energy_breakdown_pj = {{"mac", 30.0}, {"dram", 70.0}};
  op.energy_pj = 100.0;
  op.area_breakdown_mm2 = {{"pe_array", 1.5}, {"Scratchpad", 0.5}};
  op.area_mm2 = 2.0;
  op.power_mw = 1.0;
  op.edp_pj_cycles = 10000.0;
  StatsGroup group{"top.core.pe_array", {}};
  group.add("macs", "MAC", "multiply-accumulates done", 6400);
  op.stats.push_back(group);
  return op;
}

TEST(Result, AccumulateScalesByCount) {
  OpResult total;
  total.type = "network";
  OpResult op = sample_op();
  accumulate_into_total(total, op, 64);
  op.count = 1;
  op.bytes_read = {{"Scratchpad", 5}, {"Accumulator", 7}};
  op.stall_cycles = {{stall::kBankConflict, 4}};
  accumulate_into_total(total, op, 64);

  EXPECT_EQ(total.latency_cycles, 400u);
  EXPECT_DOUBLE_EQ(total.latency_ns, 400.0);
  EXPECT_EQ(total.macs, 4u * 6400);
  EXPECT_EQ(total.commands, 28u);
  EXPECT_EQ(total.memory_requests, 44u);
  EXPECT_EQ(total.bytes_read.at("DRAM"), 3000u);
  EXPECT_EQ(total.bytes_read.at("Scratchpad"), 1505u);
  EXPECT_EQ(total.bytes_read.at("Accumulator"), 7u);
  EXPECT_EQ(total.bytes_written.at("DRAM"), 800u);
  EXPECT_EQ(total.stall_cycles.at(stall::kDramBandwidth), 30u);
  EXPECT_EQ(total.stall_cycles.at(stall::kBankConflict), 4u);
  EXPECT_EQ(total.busy_cycles.at("pe_array"), 320u);
  EXPECT_DOUBLE_EQ(total.utilization, 4.0 * 6400 / (400.0 * 64));
  EXPECT_FALSE(total.functional.has_value());
  // Energy scales by count; area is the design's; power and EDP follow the totals.
  EXPECT_DOUBLE_EQ(total.energy_pj, 4 * 100.0);
  EXPECT_DOUBLE_EQ(total.energy_breakdown_pj.at("dram"), 4 * 70.0);
  EXPECT_DOUBLE_EQ(total.area_mm2, 2.0);
  EXPECT_DOUBLE_EQ(total.area_breakdown_mm2.at("pe_array"), 1.5);
  EXPECT_DOUBLE_EQ(total.power_mw, 400.0 / 400.0);
  EXPECT_DOUBLE_EQ(total.edp_pj_cycles, 400.0 * 400.0);
}

TEST(Result, AccumulateFunctionalChecks) {
  OpResult total;
  OpResult op = sample_op();
  op.functional = FunctionalCheck{100, true, 0.25};
  accumulate_into_total(total, op, 64);
  ASSERT_TRUE(total.functional.has_value());
  EXPECT_TRUE(total.functional->passed);
  op.functional = FunctionalCheck{50, false, 0.125};
  accumulate_into_total(total, op, 64);
  EXPECT_EQ(total.functional->checked, 150u);
  EXPECT_FALSE(total.functional->passed);
  EXPECT_DOUBLE_EQ(total.functional->max_abs_error, 0.25);
}

TEST(Result, ZeroLatencyGivesZeroUtilization) {
  OpResult total;
  OpResult op;
  accumulate_into_total(total, op, 64);
  EXPECT_EQ(total.utilization, 0.0);
}

TEST(Result, JsonHasTheSchemaKeys) {
  Result result;
  result.provenance.sextant_version = "0.1.0";
  result.provenance.seed = 42;
  result.provenance.workload = "w.yaml";
  result.provenance.mapping = "default mapper";
  result.provenance.arch_config_yaml = "name: x\n";
  result.total.name = "total";
  result.total.type = "network";
  OpResult op = sample_op();
  op.functional = FunctionalCheck{10, true, 0.0};
  result.ops.push_back(op);
  result.ops.push_back(sample_op());
  accumulate_into_total(result.total, result.ops[0], 64);

  const std::string text = result_to_json(result);
  EXPECT_NE(text.find("\n  \"provenance\": {"), std::string::npos) << "2-space indentation";
  const nlohmann::json json = nlohmann::json::parse(text);

  EXPECT_EQ(json.at("schema_version"), kResultSchemaVersion);
  const nlohmann::json& provenance = json.at("provenance");
  EXPECT_EQ(provenance.at("sextant_version"), "0.1.0");
  EXPECT_EQ(provenance.at("seed"), 42);
  EXPECT_EQ(provenance.at("fidelity"), "tlm");
  EXPECT_EQ(provenance.at("workload"), "w.yaml");
  EXPECT_EQ(provenance.at("mapping"), "default mapper");
  EXPECT_EQ(provenance.at("config"), "name: x\n");

  ASSERT_TRUE(json.at("ops").is_array());
  ASSERT_EQ(json.at("ops").size(), 2u);
  for (const nlohmann::json& object : {json.at("total"), json.at("ops")[0]}) {
    for (const char* key : {"name", "type", "count", "latency_cycles", "latency_ns", "macs", "vector_element_ops",
                            "utilization", "commands", "memory_requests", "bytes_read",
                            "bytes_written", "stall_cycles", "busy_cycles", "energy_pj",
                            "energy_breakdown_pj", "area_mm2", "area_breakdown_mm2", "power_mw",
                            "edp_pj_cycles", "stats"}) {
      EXPECT_TRUE(object.contains(key)) << key;
    }
  }
  const nlohmann::json& first = json.at("ops")[0];
  EXPECT_EQ(first.at("name"), "conv1");
  EXPECT_EQ(first.at("count"), 3);
  EXPECT_EQ(first.at("bytes_read").at("DRAM"), 1000);
  EXPECT_EQ(first.at("stall_cycles").at("dram_bandwidth"), 10);
  EXPECT_EQ(first.at("functional").at("checked"), 10);
  EXPECT_EQ(first.at("functional").at("passed"), true);
  EXPECT_FALSE(json.at("ops")[1].contains("functional"));
  const nlohmann::json& stat = first.at("stats").at("top.core.pe_array").at("macs");
  EXPECT_EQ(stat.at("value"), 6400.0);
  EXPECT_EQ(stat.at("unit"), "MAC");
  EXPECT_EQ(stat.at("description"), "multiply-accumulates done");
  EXPECT_EQ(json.at("total").at("macs"), 3 * 6400);
  EXPECT_EQ(first.at("energy_breakdown_pj").at("dram"), 70.0);
  EXPECT_EQ(first.at("area_mm2"), 2.0);
  EXPECT_EQ(first.at("edp_pj_cycles"), 10000.0);
}

}  // namespace
}  // namespace sextant
