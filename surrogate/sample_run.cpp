// SPDX-License-Identifier: Apache-2.0
#include "surrogate/sample_run.h"

#include <random>

#include "models/analytical/mapping_search.h"
#include "models/ppa/ppa_model.h"
#include "workloads/mapper.h"
#include "workloads/mapping_space.h"

namespace sextant {

void SampleRun::set(const std::string& path, Cell value) {
  const int index = column_index(*m_context.columns, path);
  if (index < 0) throw ModelError("datagen", "no column " + path);
  m_row.cells[static_cast<std::size_t>(index)] = std::move(value);
}

SampleRun::SampleRun(const SampleContext& context, std::int64_t index)
    : m_context(context), m_spec(context.plan->sample(index)), m_row(pending_row(*context.columns, index)) {
  const DesignSpace& space = *context.space;
  set("seed", static_cast<std::int64_t>(m_spec.seed));
  set("arch/design_id", m_spec.design_id);
  for (std::size_t p = 0; p < space.parameters.size(); ++p) {
    const std::string path = "arch/" + space.parameters[p].key;
    if ((*context.columns)[static_cast<std::size_t>(column_index(*context.columns, path))].type == ColumnType::kInt64) {
      set(path, context.plan->number(m_spec.design_id, static_cast<int>(p)));
    } else {
      set(path, m_spec.values[p]);
    }
  }
  const Op& op = m_spec.op->op;
  set("workload/network", m_spec.op->network);
  set("workload/op_index", m_spec.op->op_index);
  set("workload/op_name", op.name);
  set("workload/op_type", std::string(op_kind_name(op.kind)));
  set("workload/count", op.count);
  set("workload/stride", std::int64_t{op.stride_h});
  set("workload/padding", std::int64_t{op.pad_h});
  set("workload/dilation", std::int64_t{op.dilation_h});
  set("workload/macs", op.macs());
  for (int d = 0; d < kNumDims; ++d) set(std::string("workload/") + dim_letter(static_cast<Dim>(d)), op.dims[static_cast<std::size_t>(d)]);
  set("mapping/policy", std::string(mapping_policy_name(space.mapping)));
  set("mapping/valid", std::int64_t{0});

  try {
    m_arch = load_arch_config(space.base_arch, m_spec.overrides);
  } catch (const ConfigError& error) {
    set("status", static_cast<std::int64_t>(EvalStatus::kInvalidDesign));
    set("reason", std::string(error.what()));
    m_done = true;
    return;
  }
  if (space.max_area_mm2 > 0.0) {
    const double area_mm2 = prepare_ppa(m_arch).area_mm2;
    if (area_mm2 > space.max_area_mm2) {
      set("status", static_cast<std::int64_t>(EvalStatus::kOverBudget));
      set("reason", "area " + std::to_string(area_mm2) + " mm2 exceeds the budget of " +
                        std::to_string(space.max_area_mm2) + " mm2");
      m_done = true;
      return;
    }
  }
  // With "both", the sample's seed decides; the row records the policy that was applied.
  MappingPolicy policy = space.mapping;
  if (policy == MappingPolicy::kBoth) policy = (m_spec.seed & 1u) != 0 ? MappingPolicy::kRandom : MappingPolicy::kBest;
  set("mapping/policy", std::string(mapping_policy_name(policy)));
  try {
    m_mapping = choose_mapping(policy, op);
  } catch (const ConfigError& error) {
    set("status", static_cast<std::int64_t>(EvalStatus::kInvalidMapping));
    set("reason", error.found().empty() ? std::string(error.what()) : error.expected() + ": " + error.found());
    m_done = true;
    return;
  }
  set("mapping/valid", std::int64_t{1});
  set("mapping/rows_used", m_mapping.rows_used());
  set("mapping/cols_used", m_mapping.cols_used());
  for (int d = 0; d < kNumDims; ++d) {
    set(std::string("mapping/dram_factor_") + dim_letter(static_cast<Dim>(d)),
        m_mapping.levels.front().temporal[static_cast<std::size_t>(d)]);
  }
  set("mapping/dram_permutation", m_mapping.levels.front().permutation);
  set("mapping/yaml", mapping_to_yaml(m_mapping));
  set("status", static_cast<std::int64_t>(EvalStatus::kOk));
  start_next_fidelity();
}

Mapping SampleRun::choose_mapping(MappingPolicy policy, const Op& op) const {
  switch (policy) {
    case MappingPolicy::kRandom: {
      // Seeded by the sample, so row i gets the same mapping however the run is spread.
      std::mt19937_64 random(m_spec.seed);
      return MappingSpace(op, m_arch).sample(random);
    }
    case MappingPolicy::kBest: {
      SearchOptions options;
      options.seed = m_spec.seed;
      return search_mapping(op, m_arch, prepare_ppa(m_arch), SearchObjective::kEdp, options).mapping;
    }
    case MappingPolicy::kDefault:
    case MappingPolicy::kBoth:  // resolved per sample before this call
      break;
  }
  return default_mapping(op, m_arch);
}

void SampleRun::start_next_fidelity() {
  if (m_next_fidelity >= m_context.fidelities.size()) {
    m_done = true;
    return;
  }
  const Fidelity fidelity = m_context.fidelities[m_next_fidelity++];
  m_job = std::make_unique<EvaluationJob>(m_context.evaluator, m_arch, m_spec.op->op, m_mapping, fidelity, m_spec.seed);
}

void SampleRun::record(Fidelity fidelity, const Evaluation& evaluation) {
  const std::string group = fidelity == Fidelity::kAnalytical ? "lowfi/" : "hifi/";
  set(group + "status", static_cast<std::int64_t>(evaluation.status));
  set(group + "reason", evaluation.reason);
  set(fidelity == Fidelity::kAnalytical ? "timing/lowfi_wall_s" : "timing/hifi_wall_s", evaluation.wall_s);
  if (evaluation.status != EvalStatus::kOk) {
    // The row's status is the first fidelity that failed.
    const int status_column = column_index(*m_context.columns, "status");
    if (std::get<std::int64_t>(m_row.cells[static_cast<std::size_t>(status_column)]) == 0) {
      set("status", static_cast<std::int64_t>(evaluation.status));
      set("reason", std::string(fidelity_name(fidelity)) + ": " + evaluation.reason);
    }
    return;
  }
  const OpResult& result = evaluation.result;
  auto get = [](const std::map<std::string, std::uint64_t>& map, const char* key) {
    const auto found = map.find(key);
    return found == map.end() ? 0.0 : static_cast<double>(found->second);
  };
  set(group + "latency_cycles", static_cast<double>(result.latency_cycles));
  set(group + "latency_ns", result.latency_ns);
  set(group + "macs", static_cast<double>(result.macs));
  set(group + "utilization", result.utilization);
  set(group + "commands", static_cast<double>(result.commands));
  set(group + "memory_requests", static_cast<double>(result.memory_requests));
  set(group + "dram_bytes_read", get(result.bytes_read, "DRAM"));
  set(group + "dram_bytes_written", get(result.bytes_written, "DRAM"));
  set(group + "stall_dram_bandwidth_cycles", get(result.stall_cycles, stall::kDramBandwidth));
  set(group + "stall_bank_conflict_cycles", get(result.stall_cycles, stall::kBankConflict));
  set(group + "stall_dependency_cycles", get(result.stall_cycles, stall::kDependency));
  set(group + "stall_issue_cycles", get(result.stall_cycles, stall::kIssue));
  set(group + "energy_pj", result.energy_pj);
  set(group + "area_mm2", result.area_mm2);
  set(group + "power_mw", result.power_mw);
  set(group + "edp_pj_cycles", result.edp_pj_cycles);
  const double budget_mw = m_context.space->max_power_mw;
  const int status_column = column_index(*m_context.columns, "status");
  if (budget_mw > 0.0 && result.power_mw > budget_mw &&
      std::get<std::int64_t>(m_row.cells[static_cast<std::size_t>(status_column)]) == 0) {
    set("status", static_cast<std::int64_t>(EvalStatus::kOverBudget));
    set("reason", std::string(fidelity_name(fidelity)) + ": power " + std::to_string(result.power_mw) +
                      " mW exceeds the budget of " + std::to_string(budget_mw) + " mW");
  }
}

bool SampleRun::poll() {
  while (!m_done) {
    if (!m_job->poll()) return false;
    record(m_context.fidelities[m_next_fidelity - 1], m_job->evaluation());
    m_job.reset();
    start_next_fidelity();
  }
  return true;
}

}  // namespace sextant
