// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

#include "workloads/mapping.h"

namespace sextant {

/// The outermost loop of a mapping's DRAM level that runs more than once, in the order the
/// compiler walks the DRAM loops (the permutation, innermost first; missing dims outermost).
struct OuterDramLoop {
  bool found = false;  ///< false: every DRAM loop runs once
  Dim dim = Dim::N;
  std::int64_t trips = 1;  ///< its iterations, the edge tile included
};
OuterDramLoop outermost_dram_loop(const Mapping& mapping);

/// The mapping with its outermost DRAM loop cut to its first `iterations` (1 <= iterations
/// < trips). Compiled for the whole op, it gives a prefix of the whole op's program: the
/// same tensors, addresses, warm caches and tile order for those iterations, then the usual
/// final stores (the compiler counts an output's reduction tiles from the DRAM trips, so a
/// cut reduction loop finishes its outputs in its last iteration, as the whole op does). It is not a valid mapping of the op (its factors no longer multiply to the
/// dims): only `sextant-sim --dram-iterations` uses it, to time the start of a long layer.
Mapping first_dram_iterations(const Mapping& mapping, std::int64_t iterations);

}  // namespace sextant
