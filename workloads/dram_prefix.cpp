// SPDX-License-Identifier: Apache-2.0
#include "workloads/dram_prefix.h"

#include <stdexcept>
#include <string>

namespace sextant {

OuterDramLoop outermost_dram_loop(const Mapping& mapping) {
  OuterDramLoop loop;
  if (mapping.levels.empty()) return loop;
  const LevelMapping& dram = mapping.levels.front();
  // complete_permutation() appends the dims a permutation leaves out, as the compiler
  // treats them: outermost.
  const std::string order = complete_permutation(dram.permutation);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Dim dim;
    if (!dim_from_letter(*it, dim) || at(dram.temporal, dim) <= 1) continue;
    loop.found = true;
    loop.dim = dim;
    loop.trips = at(dram.temporal, dim);
    return loop;
  }
  return loop;
}

Mapping first_dram_iterations(const Mapping& mapping, std::int64_t iterations) {
  const OuterDramLoop loop = outermost_dram_loop(mapping);
  if (!loop.found || iterations < 1 || iterations >= loop.trips) {
    throw std::invalid_argument("first_dram_iterations: " + std::to_string(iterations) +
                                " iterations of an outermost DRAM loop of " + std::to_string(loop.trips));
  }
  Mapping prefix = mapping;
  at(prefix.levels.front().temporal, loop.dim) = iterations;
  return prefix;
}

}  // namespace sextant
