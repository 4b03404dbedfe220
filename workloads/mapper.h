// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/op.h"

namespace sextant {

/// The default mapper: a valid, sensible mapping for any op on any arch. It fills the
/// PE array with the dataflow's spatial dims (edge folds where dims do not divide),
/// streams the dataflow's stream dims, then grows the DRAM-level tile greedily while
/// the buffers (double buffered when they fit) still hold it. Throws ConfigError when
/// not even the smallest tile fits.
Mapping default_mapping(const Op& op, const ArchConfig& arch);

}  // namespace sextant
