// SPDX-License-Identifier: Apache-2.0
#include "models/accelerator/core.h"

namespace sextant {

CoreParts::CoreParts(const ArchConfig& config, bool functional, bool blocking_memory) {
  const double cycle_ns = config.cycle_ns();
  const bool ideal = config.memory.model == MemoryModel::kIdeal;
  dma = std::make_unique<Dma>("dma", config.dma, cycle_ns, ideal, functional, blocking_memory);
  std::vector<BufferAccessIf*> array_ports;
  for (const BufferConfig& buffer : config.buffers) {
    buffers.push_back(std::make_unique<Scratchpad>(buffer.name.c_str(), buffer, cycle_ns, functional, !ideal));
    dma->buffers.bind(buffers.back()->in);
    array_ports.push_back(buffers.back().get());
  }
  pe_array = std::make_unique<PeArray>("pe_array", config.pe_array, cycle_ns, array_ports, functional);
  vector_unit = std::make_unique<VectorUnit>("vector_unit", config.vector_unit, vector_numerics(config), cycle_ns,
                                             array_ports, functional);
  controller = std::make_unique<Controller>("controller", config.controller, cycle_ns, *dma, *pe_array,
                                            *vector_unit);
}

void CoreParts::set_trace(TraceRecorder* trace) {
  pe_array->set_trace(trace);
  vector_unit->set_trace(trace);
  dma->set_trace(trace);
}

}  // namespace sextant
