// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tlm/core/arch_config.h"
#include "workloads/op.h"
#include "workloads/program.h"

namespace sextant {

/// Element size of every vector-op tensor: the operand type (fp32 in float mode).
int vector_element_bytes(const ArchConfig& arch);

/// Turns a vector op into a Program of LOAD, VECTOR and STORE commands with explicit
/// dependencies. A simple tiler stands in for the mapper: the op is cut along one axis
/// (rows for elementwise, normalization, softmax and reductions; output-row bands per image
/// for pooling; channel ranges per image for global average pooling; bags for an embedding
/// bag) into the largest tiles that fit their buffers double-buffered (single-buffered when
/// a double-buffered tile of one unit does not fit), and at most a quarter of the op, so that
/// loads and stores of neighbouring tiles overlap the vector work. An embedding bag gathers
/// each table row with a LOAD of its own. Throws ConfigError when not even one unit fits.
Program compile_vector(const Op& op, const ArchConfig& arch);

/// Cycles of one vector tile (docs/models/vector_unit.md):
/// pipeline_latency_cycles + ceil(vector_work(transcendental_cycles) / lanes). Shared by the
/// TLM vector unit and the analytical model.
std::uint64_t vector_tile_cycles(const VectorUnitConfig& config, const Op& tile);

}  // namespace sextant
