// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "models/accelerator/core.h"
#include "models/cache/last_level_cache.h"
#include "models/dram/dram_controller.h"
#include "models/memory/memory_endpoint.h"
#include "models/noc/noc.h"
#include "tlm/core/arch_config.h"
#include "tlm/core/result.h"

namespace sextant {

/// The accelerator with its memory, assembled from a validated ArchConfig: one or more
/// cores (controller -> {DMA, PE array, vector unit}; DMA, PE array and vector unit ->
/// every buffer), each core's DMA -> the NoC when noc: is given (else straight) -> the
/// last-level cache when memory.llc is given -> memory (the endpoint, or the DRAM
/// controller when memory.model is dram).
class Accelerator : public sc_core::sc_module {
 public:
  Accelerator(sc_core::sc_module_name name, const ArchConfig& config, bool functional);

  /// Runs one op's program on core 0 (blocking; call from an SC_THREAD) and returns its
  /// result: cycles, bytes per storage level, stalls by cause, every component's statistics.
  OpResult run(const Program& program);
  /// Runs program i on core i, all at once, and returns the op's combined result: the
  /// latency until the last core finishes, work and traffic summed over the cores, and the
  /// cycle breakdown (busy and stall cycles) of that last core, so latency = busy + stalls
  /// still holds.
  OpResult run(const std::vector<Program>& programs);

  /// Traces every component's busy spans into trace (nullptr: no tracing).
  void set_trace(TraceRecorder* trace);

  /// Functional mode: makes off-chip memory at least `bytes` long (zero-filled).
  void reserve_memory(std::uint64_t bytes);
  /// Host pointer to off-chip memory contents (functional mode), whichever model serves it.
  std::uint8_t* memory_contents();
  const ArchConfig& config() const { return m_config; }

 private:
  const ArchConfig m_config;
  std::unique_ptr<CoreParts> m_single_core;                 ///< no noc: its parts at top level
  std::vector<std::unique_ptr<CoreModule>> m_core_modules;  ///< with noc: core0, core1, ...
  std::vector<CoreParts*> m_cores;                          ///< either way, by core index
  std::unique_ptr<Noc> m_noc;                 ///< noc: present
  std::unique_ptr<LastLevelCache> m_l2;      ///< memory.l2 (not with ideal memory)
  std::unique_ptr<LastLevelCache> m_llc;     ///< memory.llc (not with ideal memory)
  std::unique_ptr<MemoryEndpoint> m_memory;  ///< memory.model ideal or fixed
  std::unique_ptr<DramController> m_dram;    ///< memory.model dram
};

}  // namespace sextant
