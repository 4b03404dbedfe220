// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "models/controller/controller.h"
#include "models/dma/dma.h"
#include "models/memory/memory_endpoint.h"
#include "models/pe_array/pe_array.h"
#include "models/scratchpad/scratchpad.h"
#include "models/vector_unit/vector_unit.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"

namespace sextant {

/// One accelerator core with its memory, assembled from a validated ArchConfig:
/// controller -> {DMA, PE array, vector unit}; DMA -> memory endpoint and every buffer;
/// PE array and vector unit -> every buffer (timing port and, in functional mode, contents).
class Accelerator : public sc_core::sc_module {
 public:
  Accelerator(sc_core::sc_module_name name, const ArchConfig& config, bool functional);

  /// Runs one op's program (blocking; call from an SC_THREAD) and returns its result:
  /// cycles, bytes per storage level, stalls by cause, every component's statistics.
  OpResult run(const Program& program);

  /// Traces every component's busy spans into trace (nullptr: no tracing).
  void set_trace(TraceRecorder* trace);

  MemoryEndpoint& memory() { return *m_memory; }
  const ArchConfig& config() const { return m_config; }

 private:
  const ArchConfig m_config;
  std::unique_ptr<MemoryEndpoint> m_memory;
  std::vector<std::unique_ptr<Scratchpad>> m_buffers;
  std::unique_ptr<Dma> m_dma;
  std::unique_ptr<PeArray> m_pe_array;
  std::unique_ptr<VectorUnit> m_vector_unit;
  std::unique_ptr<Controller> m_controller;
};

}  // namespace sextant
