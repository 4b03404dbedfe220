// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/op.h"
#include "workloads/program.h"

namespace sextant {

/// Turns (op, mapping, arch) into a Program. The DRAM-level loop nest (in the mapping's
/// permutation) enumerates tiles; a tensor's tile is loaded only when its box changes,
/// outputs are stored when their box changes and reloaded as partial sums when a
/// reduction loop sits outside an output loop. Double-buffered levels alternate two
/// slots so loads of tile i+1 overlap compute of tile i. The mapping must be valid.
Program compile(const Op& op, const Mapping& mapping, const ArchConfig& arch);

}  // namespace sextant
