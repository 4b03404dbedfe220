// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "models/controller/controller.h"
#include "models/dma/dma.h"
#include "models/pe_array/pe_array.h"
#include "models/scratchpad/scratchpad.h"
#include "models/vector_unit/vector_unit.h"
#include "tlm/core/arch_config.h"

namespace sextant {

/// The components of one core: buffers, DMA, PE array, vector unit and the controller
/// that drives them, wired together. They become children of the module under
/// construction, so a single-core accelerator keeps its components at top level
/// ("accelerator.pe_array") and a multi-core one nests them in a CoreModule
/// ("accelerator.core3.pe_array"). The DMA's `mem` socket is left for the caller to bind.
struct CoreParts {
  /// blocking_memory: the DMA's memory target blocks until a request completes (the DRAM
  /// model, or the NoC), so the DMA carries each request in flight on its own process.
  CoreParts(const ArchConfig& config, bool functional, bool blocking_memory);

  void set_trace(TraceRecorder* trace);

  std::vector<std::unique_ptr<Scratchpad>> buffers;
  std::unique_ptr<Dma> dma;
  std::unique_ptr<PeArray> pe_array;
  std::unique_ptr<VectorUnit> vector_unit;
  std::unique_ptr<Controller> controller;
};

/// One core of a multi-core accelerator: a named container for its CoreParts.
class CoreModule : public sc_core::sc_module {
 public:
  CoreModule(sc_core::sc_module_name name, const ArchConfig& config, bool functional, bool blocking_memory)
      : sc_core::sc_module(name), parts(config, functional, blocking_memory) {}

  CoreParts parts;
};

}  // namespace sextant
