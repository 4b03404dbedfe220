// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/result.h"

#include <nlohmann/json.hpp>

namespace sextant {
namespace {

using Json = nlohmann::ordered_json;

void add_scaled(std::map<std::string, std::uint64_t>& into,
                const std::map<std::string, std::uint64_t>& from, std::uint64_t count) {
  for (const auto& [key, value] : from) into[key] += count * value;
}

Json stats_to_json(const std::vector<StatsGroup>& groups) {
  Json stats = Json::object();
  for (const StatsGroup& group : groups) {
    // Two groups with one component name merge (a later stat of the same name wins).
    Json& component = stats[group.component];
    if (component.is_null()) component = Json::object();
    for (const Stat& stat : group.stats) {
      component[stat.name] = {
          {"value", stat.value}, {"unit", stat.unit}, {"description", stat.description}};
    }
  }
  return stats;
}

Json op_to_json(const OpResult& op) {
  Json json;
  json["name"] = op.name;
  json["type"] = op.type;
  json["count"] = op.count;
  json["latency_cycles"] = op.latency_cycles;
  json["latency_ns"] = op.latency_ns;
  json["macs"] = op.macs;
  json["vector_element_ops"] = op.vector_element_ops;
  json["utilization"] = op.utilization;
  json["commands"] = op.commands;
  json["memory_requests"] = op.memory_requests;
  json["bytes_read"] = Json(op.bytes_read);
  json["bytes_written"] = Json(op.bytes_written);
  json["stall_cycles"] = Json(op.stall_cycles);
  json["busy_cycles"] = Json(op.busy_cycles);
  if (!op.result_of.empty()) json["result_of"] = op.result_of;
  json["energy_pj"] = op.energy_pj;
  json["energy_breakdown_pj"] = Json(op.energy_breakdown_pj);
  json["area_mm2"] = op.area_mm2;
  json["area_breakdown_mm2"] = Json(op.area_breakdown_mm2);
  json["power_mw"] = op.power_mw;
  json["edp_pj_cycles"] = op.edp_pj_cycles;
  if (op.functional) {
    json["functional"] = {{"checked", op.functional->checked},
                          {"passed", op.functional->passed},
                          {"max_abs_error", op.functional->max_abs_error}};
  }
  json["stats"] = stats_to_json(op.stats);
  return json;
}

}  // namespace

void accumulate_into_total(OpResult& total, const OpResult& op, std::uint64_t pe_count) {
  const std::uint64_t count = op.count;
  total.latency_cycles += count * op.latency_cycles;
  total.latency_ns += static_cast<double>(count) * op.latency_ns;
  total.macs += count * op.macs;
  total.vector_element_ops += count * op.vector_element_ops;
  total.commands += count * op.commands;
  total.memory_requests += count * op.memory_requests;
  add_scaled(total.bytes_read, op.bytes_read, count);
  add_scaled(total.bytes_written, op.bytes_written, count);
  add_scaled(total.stall_cycles, op.stall_cycles, count);
  add_scaled(total.busy_cycles, op.busy_cycles, count);

  total.energy_pj += static_cast<double>(count) * op.energy_pj;
  for (const auto& [component, pj] : op.energy_breakdown_pj) {
    total.energy_breakdown_pj[component] += static_cast<double>(count) * pj;
  }
  if (!op.area_breakdown_mm2.empty()) {
    total.area_mm2 = op.area_mm2;
    total.area_breakdown_mm2 = op.area_breakdown_mm2;
  }
  finish_total_ppa(total);

  const double pe_cycles =
      static_cast<double>(total.latency_cycles) * static_cast<double>(pe_count);
  total.utilization = pe_cycles > 0.0 ? static_cast<double>(total.macs) / pe_cycles : 0.0;

  // Functional checks are not scaled by count: only the simulated instance was compared.
  if (op.functional) {
    FunctionalCheck& check = total.functional ? *total.functional : total.functional.emplace();
    check.checked += op.functional->checked;
    check.passed = check.passed && op.functional->passed;
    if (op.functional->max_abs_error > check.max_abs_error) {
      check.max_abs_error = op.functional->max_abs_error;
    }
  }
}

void finish_total_ppa(OpResult& total) {
  total.power_mw = total.latency_ns > 0.0 ? total.energy_pj / total.latency_ns : 0.0;
  total.edp_pj_cycles = total.energy_pj * static_cast<double>(total.latency_cycles);
}

std::string result_to_json(const Result& result) {
  Json json;
  json["schema_version"] = result.schema_version;
  const Provenance& provenance = result.provenance;
  json["provenance"] = {{"sextant_version", provenance.sextant_version},
                        {"seed", provenance.seed},
                        {"fidelity", provenance.fidelity},
                        {"workload", provenance.workload},
                        {"mapping", provenance.mapping},
                        {"config", provenance.arch_config_yaml}};
  json["total"] = op_to_json(result.total);
  json["ops"] = Json::array();
  for (const OpResult& op : result.ops) json["ops"].push_back(op_to_json(op));
  // Replace invalid UTF-8 (e.g. in a config file's comments) rather than throw.
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sextant
