// SPDX-License-Identifier: Apache-2.0
#include "surrogate/sample_plan.h"

#include "surrogate/sampler.h"

namespace sextant {

namespace {
/// The parameter whose value a (possibly tied) parameter takes.
const Parameter& source_parameter(const DesignSpace& space, int parameter) {
  const Parameter* current = &space.parameters[static_cast<std::size_t>(parameter)];
  while (current->kind == ParameterKind::kTied) {
    for (const Parameter& p : space.parameters) {
      if (p.key == current->tied_to) current = &p;
    }
  }
  return *current;
}

}  // namespace

SamplePlan::SamplePlan(const DesignSpace& space, std::uint64_t seed, std::int64_t samples)
    : m_space(space), m_seed(seed), m_samples(samples), m_free(space.parameters.size(), -1) {
  const std::vector<int> free = space.free_parameters();
  for (std::size_t d = 0; d < free.size(); ++d) m_free[static_cast<std::size_t>(free[d])] = static_cast<int>(d);
  const auto ops = static_cast<std::int64_t>(space.ops.size());
  const std::int64_t designs = (samples + ops - 1) / ops;
  m_points = sample_unit_cube(space.sampler, free.size(), static_cast<std::size_t>(designs), seed);
}

double SamplePlan::coordinate(std::int64_t design_id, int parameter) const {
  // A tied parameter takes its source's coordinate (sources come earlier in the file).
  while (m_free[static_cast<std::size_t>(parameter)] < 0) {
    const std::string& source = m_space.parameters[static_cast<std::size_t>(parameter)].tied_to;
    for (std::size_t p = 0; p < m_space.parameters.size(); ++p) {
      if (m_space.parameters[p].key == source) parameter = static_cast<int>(p);
    }
  }
  return m_points[static_cast<std::size_t>(design_id)][static_cast<std::size_t>(m_free[static_cast<std::size_t>(parameter)])];
}

std::int64_t SamplePlan::number(std::int64_t design_id, int parameter) const {
  return source_parameter(m_space, parameter).number_at(coordinate(design_id, parameter));
}

SampleSpec SamplePlan::sample(std::int64_t index) const {
  SampleSpec spec;
  const auto ops = static_cast<std::int64_t>(m_space.ops.size());
  spec.index = index;
  spec.design_id = index / ops;
  spec.op = &m_space.ops[static_cast<std::size_t>(index % ops)];
  spec.seed = mix_seed(m_seed, static_cast<std::uint64_t>(index)) >> 1;
  spec.overrides = m_space.fixed_overrides;
  for (std::size_t p = 0; p < m_space.parameters.size(); ++p) {
    const Parameter& source = source_parameter(m_space, static_cast<int>(p));
    spec.values.push_back(source.value_at(coordinate(spec.design_id, static_cast<int>(p))));
    spec.overrides.push_back(m_space.parameters[p].key + "=" + spec.values.back());
  }
  return spec;
}

}  // namespace sextant
