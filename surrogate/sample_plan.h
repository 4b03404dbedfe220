// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "surrogate/design_space.h"

namespace sextant {

/// What sample i is: computed the same way on every process from (space, seed, N), so a
/// coordinator only ever sends sample indices.
struct SampleSpec {
  std::int64_t index = 0;
  std::int64_t design_id = 0;      ///< index / ops per design
  const WorkloadOp* op = nullptr;  ///< space.ops[index % ops per design]
  std::vector<std::string> values;     ///< per parameter (tied ones copied), as --set text
  std::vector<std::string> overrides;  ///< the space's fixed `set` plus "key=value" per parameter
  std::uint64_t seed = 0;              ///< per-row seed (63 bits)
};

/// Sample i is op (i mod M) of design floor(i / M), M = ops in the workload set, so the
/// N samples cover ceil(N / M) designs drawn by the space's sampler with the run's seed.
class SamplePlan {
 public:
  SamplePlan(const DesignSpace& space, std::uint64_t seed, std::int64_t samples);

  std::int64_t samples() const { return m_samples; }
  std::int64_t designs() const { return static_cast<std::int64_t>(m_points.size()); }
  SampleSpec sample(std::int64_t index) const;
  /// The numeric value of parameter p for a design (numeric parameters only).
  std::int64_t number(std::int64_t design_id, int parameter) const;

 private:
  double coordinate(std::int64_t design_id, int parameter) const;

  const DesignSpace& m_space;
  std::uint64_t m_seed;
  std::int64_t m_samples;
  std::vector<int> m_free;                  ///< parameter index -> sampler dimension (-1: tied)
  std::vector<std::vector<double>> m_points;  ///< per design, per sampler dimension
};

}  // namespace sextant
