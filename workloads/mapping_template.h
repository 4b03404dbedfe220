// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "tlm/core/arch_config.h"
#include "workloads/mapping.h"
#include "workloads/mapping_validity.h"
#include "workloads/op.h"

namespace sextant {

/// The default mapper's template, shared by the default mapper and the search's tiling
/// space: a fixed spatial placement and fold structure, so that a mapping is decided by
/// its DRAM tile extents, DRAM loop order and double buffering alone.

/// Spatial placement: PE rows, then columns, filled greedily with the dataflow's dims
/// (rows: Q, P, N for OS, else C, R, S; columns: Q, P, N for IS, else K); a dim larger
/// than what is left of a side gets what is left (its remainder becomes an edge fold).
void place_template_spatial(const Op& op, const ArchConfig& arch, DimArray& rows, DimArray& cols);

/// A template mapping with every temporal factor 1: levels DRAM (keeps every tensor), the
/// buffers in arch order (each keeps what it holds), Registers (keeps the stationary
/// tensor); the innermost buffer iterates the folds with the reductions innermost (partial
/// sums accumulate in place); Registers stream the dataflow's stream dims; the spatial
/// fan-out (rows, cols) sits at the innermost buffer.
Mapping template_mapping(const Op& op, const ArchConfig& arch, const DimArray& rows, const DimArray& cols);

/// Sets a template mapping's factors for DRAM tiles of extents `tile` (multiples of the
/// fan-out rows x cols, or whole dims): Registers stream the whole tile extent of each
/// stream dim, the innermost buffer folds the rest of the tile, DRAM covers the op.
void set_template_factors(const Op& op, const DataflowRoles& roles, const DimArray& tile, Mapping& mapping);

}  // namespace sextant
