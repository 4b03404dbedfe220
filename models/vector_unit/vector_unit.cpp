// SPDX-License-Identifier: Apache-2.0
#include "models/vector_unit/vector_unit.h"

#include "workloads/vector_compiler.h"

#include <algorithm>
#include <cmath>

namespace sextant {

VectorUnit::VectorUnit(sc_core::sc_module_name name, const VectorUnitConfig& config, const VectorNumerics& numerics,
                       double cycle_ns, std::vector<BufferAccessIf*> buffers, bool functional)
    : sc_core::sc_module(name),
      m_config(config),
      m_numerics(numerics),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_buffers(std::move(buffers)),
      m_functional(functional) {}

std::uint64_t VectorUnit::tile_cycles(const VectorUnitConfig& config, const Op& tile) {
  return vector_tile_cycles(config, tile);
}

std::uint64_t VectorUnit::execute(const VectorTile& tile) {
  const std::uint64_t cycles = tile_cycles(m_config, tile.op);
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  const sc_core::sc_time compute_end = start + static_cast<double>(cycles) * m_cycle;
  sc_core::sc_time end = compute_end;
  for (int t = 0; t < kNumTensorKinds; ++t) {
    const auto ti = static_cast<std::size_t>(t);
    if (tile.bytes[ti] == 0) continue;
    BufferAccessIf* buffer = m_buffers[static_cast<std::size_t>(tile.buffer[ti])];
    const bool write = static_cast<TensorKind>(t) == TensorKind::kOutputs;
    end = std::max(end, buffer->reserve(tile.address[ti], tile.bytes[ti], tile.bytes[ti], write, start));
  }
  const std::uint64_t lost =
      end > compute_end ? static_cast<std::uint64_t>(std::llround((end - compute_end) / m_cycle)) : 0;
  if (m_functional) {
    const auto base = [&](TensorKind kind) {
      const auto k = static_cast<std::size_t>(kind);
      return m_buffers[static_cast<std::size_t>(tile.buffer[k])]->contents() + tile.address[k];
    };
    const std::vector<double> out =
        reference_vector(tile.op, m_numerics, base(TensorKind::kInputs), base(TensorKind::kWeights));
    std::uint8_t* outputs = base(TensorKind::kOutputs);
    for (std::size_t e = 0; e < out.size(); ++e) {
      write_vector_element(m_numerics, outputs, static_cast<std::int64_t>(e), out[e]);
    }
  }
  sc_core::wait(end - start);
  if (m_trace != nullptr) m_trace->span(m_trace_track, op_kind_name(tile.op.kind), start, end, static_cast<double>(cycles));
  ++m_tiles;
  m_element_ops += static_cast<std::uint64_t>(tile.op.vector_work());
  m_busy_cycles += cycles;
  m_conflict_cycles += lost;
  return lost;
}

void VectorUnit::set_trace(TraceRecorder* trace) {
  m_trace = trace;
  if (trace != nullptr) m_trace_track = trace->track(name());
}

void VectorUnit::collect_stats(StatsGroup& group) const {
  group.add("tiles", "count", "vector tiles executed", static_cast<double>(m_tiles));
  group.add("element_ops", "count", "elements processed, summed over each op's passes",
            static_cast<double>(m_element_ops));
  group.add("busy_cycles", "cycles", "cycles of vector computation (pipeline latency included)",
            static_cast<double>(m_busy_cycles));
  group.add("bank_conflict_cycles", "cycles", "cycles the unit waited for buffer banks or ports",
            static_cast<double>(m_conflict_cycles));
}

void VectorUnit::reset_stats() { m_tiles = m_element_ops = m_busy_cycles = m_conflict_cycles = 0; }

}  // namespace sextant
