// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include "surrogate/dataset_schema.h"
#include "surrogate/evaluate.h"
#include "surrogate/sample_plan.h"

namespace sextant {

/// Everything a process needs to turn a sample index into a row.
struct SampleContext {
  const DesignSpace* space = nullptr;
  const SamplePlan* plan = nullptr;
  const std::vector<Column>* columns = nullptr;
  std::vector<Fidelity> fidelities;  ///< evaluated in this order
  EvaluatorOptions evaluator;
};

/// One sample in flight: builds the design (arch + overrides), maps the op, then runs an
/// EvaluationJob per fidelity in turn. Never blocks; poll() until done, then take the row.
/// An invalid design or mapping finishes at once with its reason.
class SampleRun {
 public:
  SampleRun(const SampleContext& context, std::int64_t index);
  bool poll();
  const Row& row() const { return m_row; }

 private:
  void set(const std::string& path, Cell value);
  /// The sample's mapping under the space's policy: the default mapper's, a uniform random
  /// valid one (seeded by the sample), or the analytical model's best-EDP search.
  Mapping choose_mapping(MappingPolicy policy, const Op& op) const;
  void start_next_fidelity();
  void record(Fidelity fidelity, const Evaluation& evaluation);

  const SampleContext& m_context;
  SampleSpec m_spec;
  Row m_row;
  ArchConfig m_arch;
  Mapping m_mapping;
  std::size_t m_next_fidelity = 0;
  std::unique_ptr<EvaluationJob> m_job;
  bool m_done = false;
};

}  // namespace sextant
