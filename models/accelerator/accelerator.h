// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "models/cache/last_level_cache.h"
#include "models/controller/controller.h"
#include "models/dma/dma.h"
#include "models/dram/dram_controller.h"
#include "models/memory/memory_endpoint.h"
#include "models/pe_array/pe_array.h"
#include "models/scratchpad/scratchpad.h"
#include "models/vector_unit/vector_unit.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"

namespace sextant {

/// One accelerator core with its memory, assembled from a validated ArchConfig:
/// controller -> {DMA, PE array, vector unit}; DMA -> memory (the endpoint, or the DRAM
/// controller when memory.model is dram; through the last-level cache when memory.llc is
/// set) and every buffer; PE array and vector unit ->
/// every buffer (timing port and, in functional mode, contents).
class Accelerator : public sc_core::sc_module {
 public:
  Accelerator(sc_core::sc_module_name name, const ArchConfig& config, bool functional);

  /// Runs one op's program (blocking; call from an SC_THREAD) and returns its result:
  /// cycles, bytes per storage level, stalls by cause, every component's statistics.
  OpResult run(const Program& program);

  /// Traces every component's busy spans into trace (nullptr: no tracing).
  void set_trace(TraceRecorder* trace);

  /// Functional mode: makes off-chip memory at least `bytes` long (zero-filled).
  void reserve_memory(std::uint64_t bytes);
  /// Host pointer to off-chip memory contents (functional mode), whichever model serves it.
  std::uint8_t* memory_contents();
  const ArchConfig& config() const { return m_config; }

 private:
  const ArchConfig m_config;
  std::unique_ptr<MemoryEndpoint> m_memory;  ///< memory.model ideal or fixed
  std::unique_ptr<DramController> m_dram;    ///< memory.model dram
  std::unique_ptr<LastLevelCache> m_llc;     ///< memory.llc (not with ideal memory)
  std::vector<std::unique_ptr<Scratchpad>> m_buffers;
  std::unique_ptr<Dma> m_dma;
  std::unique_ptr<PeArray> m_pe_array;
  std::unique_ptr<VectorUnit> m_vector_unit;
  std::unique_ptr<Controller> m_controller;
};

}  // namespace sextant
