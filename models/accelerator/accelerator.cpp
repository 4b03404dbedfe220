// SPDX-License-Identifier: Apache-2.0
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn: one process per core while an op runs
#include "models/accelerator/accelerator.h"

#include <cmath>

#include "tlm/sc/stats_provider.h"

namespace sextant {
namespace {

/// What memory.llc.warm puts in the cache before an op: its inputs (and weights), as the
/// host would have left them after writing them. Every core part addresses the whole op's
/// tensors, so the first program names them.
std::vector<AddressRange> llc_resident_ranges(LlcWarm warm, const Program& program) {
  std::vector<AddressRange> ranges;
  const auto add = [&](TensorKind kind) {
    const auto k = static_cast<std::size_t>(kind);
    ranges.push_back(AddressRange{program.dram_base[k], program.whole_tensor[k].valid_bytes()});
  };
  if (warm == LlcWarm::kInputs || warm == LlcWarm::kAll) add(TensorKind::kInputs);
  if (warm == LlcWarm::kAll) add(TensorKind::kWeights);
  return ranges;
}

}  // namespace

Accelerator::Accelerator(sc_core::sc_module_name name, const ArchConfig& config, bool functional)
    : sc_core::sc_module(name), m_config(config) {
  const double cycle_ns = config.cycle_ns();
  const bool ideal = config.memory.model == MemoryModel::kIdeal;
  const bool dram = config.memory.model == MemoryModel::kDram;
  // The DRAM's, the LLC's and the NoC's b_transport block until the data is back, so the
  // DMA carries each request in flight on its own process; the endpoint answers at once
  // with a delay.
  const bool llc = config.memory.llc && !ideal;
  const bool l2 = config.memory.l2 && !ideal;
  const bool blocking = dram || llc || l2 || config.noc.has_value();
  if (config.noc) {
    for (int c = 0; c < config.cores(); ++c) {
      m_core_modules.push_back(
          std::make_unique<CoreModule>(("core" + std::to_string(c)).c_str(), config, functional, blocking));
      m_cores.push_back(&m_core_modules.back()->parts);
    }
    m_noc = std::make_unique<Noc>("noc", *config.noc, cycle_ns, ideal);
    for (CoreParts* core : m_cores) core->dma->mem.bind(m_noc->in);
  } else {
    m_single_core = std::make_unique<CoreParts>(config, functional, blocking);
    m_cores.push_back(m_single_core.get());
  }
  // The chain from the cores to the memory: DMA -> [NoC] -> [L2] -> [LLC] -> memory. Each
  // stage binds to the one in front of it: `upstream` binds a target socket to the last
  // stage built so far (the L2 once it exists, else the NoC, else the one core's DMA).
  const auto upstream = [this](auto& target_in) {
    if (m_l2) {
      m_l2->out.bind(target_in);
    } else if (m_noc) {
      m_noc->out.bind(target_in);
    } else {
      m_cores.front()->dma->mem.bind(target_in);
    }
  };
  if (l2) {
    auto cache = std::make_unique<LastLevelCache>("l2", *config.memory.l2, cycle_ns, functional);
    upstream(cache->in);  // before m_l2 is set: the L2's own front is the NoC or the DMA
    m_l2 = std::move(cache);
  }
  if (llc) {
    m_llc = std::make_unique<LastLevelCache>("llc", *config.memory.llc, cycle_ns, functional);
    upstream(m_llc->in);
  }
  const auto bind_memory = [this, &upstream](auto& memory_in) {
    if (m_llc) {
      m_llc->out.bind(memory_in);
    } else {
      upstream(memory_in);
    }
  };
  if (dram) {
    m_dram = std::make_unique<DramController>("dram", *config.memory.dram, functional);
    bind_memory(m_dram->in);
  } else {
    m_memory = std::make_unique<MemoryEndpoint>("memory", config.memory, config.dma.burst_bytes, cycle_ns,
                                                functional);
    bind_memory(m_memory->in);
  }
}

void Accelerator::set_trace(TraceRecorder* trace) {
  for (CoreParts* core : m_cores) core->set_trace(trace);
  if (m_noc) m_noc->set_trace(trace);
  // The fixed/ideal endpoint traces its bus, the DRAM model each channel's data bus.
  if (m_memory) m_memory->set_trace(trace);
  if (m_dram) m_dram->set_trace(trace, m_config.cycle_ns());
  if (m_l2) m_l2->set_trace(trace);
  if (m_llc) m_llc->set_trace(trace);
}

void Accelerator::reserve_memory(std::uint64_t bytes) {
  // The caches fetch whole lines: the last one may reach past the last tensor byte.
  for (const LastLevelCache* cache : {m_l2.get(), m_llc.get()}) {
    if (cache == nullptr) continue;
    const std::uint64_t line = cache->config().line_bytes;
    bytes = (bytes + line - 1) / line * line;
  }
  if (m_dram) {
    m_dram->reserve_storage(bytes);
  } else {
    m_memory->reserve_storage(bytes);
  }
}

std::uint8_t* Accelerator::memory_contents() { return m_dram ? m_dram->contents() : m_memory->contents(); }

OpResult Accelerator::run(const Program& program) { return run(std::vector<Program>{program}); }

OpResult Accelerator::run(const std::vector<Program>& programs) {
  if (programs.empty() || programs.size() > m_cores.size()) {
    throw ModelError(name(), std::to_string(programs.size()) + " programs for " + std::to_string(m_cores.size()) +
                                 " cores");
  }
  reset_stats(*this);
  if (m_l2) m_l2->start_op(llc_resident_ranges(m_l2->config().warm, programs.front()));
  if (m_llc) m_llc->start_op(llc_resident_ranges(m_llc->config().warm, programs.front()));
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  std::size_t critical = 0;  // the core that finishes last: its breakdown explains the latency
  if (programs.size() == 1) {
    m_cores.front()->controller->run(programs.front());
  } else {
    std::vector<sc_core::sc_time> finished(programs.size());
    std::vector<sc_core::sc_process_handle> handles;
    for (std::size_t c = 0; c < programs.size(); ++c) {
      handles.push_back(sc_core::sc_spawn([this, &programs, &finished, c] {
        m_cores[c]->controller->run(programs[c]);
        finished[c] = sc_core::sc_time_stamp();
      }));
    }
    for (auto& handle : handles) {
      if (!handle.terminated()) sc_core::wait(handle.terminated_event());
    }
    for (std::size_t c = 1; c < programs.size(); ++c) {
      if (finished[c] > finished[critical]) critical = c;
    }
  }
  const double cycles = (sc_core::sc_time_stamp() - start) / sc_core::sc_time(m_config.cycle_ns(), sc_core::SC_NS);
  // Write-backs still queued finish between ops: their traffic belongs to this op, their
  // time to neither (the op's work is done when its last command is).
  // The L2 first: its write-backs land in the LLC, whose own then reach the memory.
  if (m_l2) m_l2->drain();
  if (m_llc) m_llc->drain();

  OpResult result;
  result.name = programs.front().op_name;
  result.latency_cycles = static_cast<std::uint64_t>(std::llround(cycles));
  result.latency_ns = static_cast<double>(result.latency_cycles) * m_config.cycle_ns();
  for (CoreParts* core : m_cores) {
    result.macs += core->pe_array->macs();
    result.commands += core->controller->commands();
    result.vector_element_ops += core->vector_unit->element_ops();
    for (const auto& buffer : core->buffers) {
      result.bytes_read[buffer->config().name] += buffer->bytes_read();
      result.bytes_written[buffer->config().name] += buffer->bytes_written();
    }
  }
  const double pes = static_cast<double>(m_config.pe_array.rows) * m_config.pe_array.cols * m_config.cores();
  result.utilization = result.latency_cycles == 0 ? 0.0 : static_cast<double>(result.macs) / (cycles * pes);
  result.memory_requests = m_dram ? m_dram->requests() : m_memory->requests();
  result.bytes_read["DRAM"] = m_dram ? m_dram->bytes_read() : m_memory->bytes_read();
  result.bytes_written["DRAM"] = m_dram ? m_dram->bytes_written() : m_memory->bytes_written();
  const CoreParts& last = *m_cores[critical];
  for (const char* cause : {stall::kDramBandwidth, stall::kBankConflict, stall::kDependency, stall::kIssue}) {
    result.stall_cycles[cause] = last.controller->stall_cycles(cause);
  }
  if (m_dram) {
    // The wait on memory splits by the DRAM's own time budget: the share it spent opening
    // rows is attributed to row conflicts, the rest stays bandwidth (data on the bus,
    // queueing, refresh).
    const std::uint64_t memory = result.stall_cycles[stall::kDramBandwidth];
    const auto rows = static_cast<std::uint64_t>(std::llround(static_cast<double>(memory) * m_dram->row_overhead_share()));
    result.stall_cycles[stall::kDramRowConflict] = rows;
    result.stall_cycles[stall::kDramBandwidth] = memory - rows;
  }
  result.busy_cycles["pe_array"] = last.pe_array->busy_cycles();
  result.busy_cycles["dma"] = last.dma->busy_cycles();
  result.busy_cycles["vector_unit"] = last.vector_unit->busy_cycles();
  if (m_noc) {
    result.stall_cycles[stall::kNoc] = last.controller->stall_cycles(stall::kNoc);
    result.busy_cycles["noc"] = static_cast<std::uint64_t>(std::llround(m_noc->max_link_busy_cycles()));
  }
  if (m_dram) {
    for (int channel = 0; channel < m_dram->config().channels; ++channel) {
      result.busy_cycles["dram.ch" + std::to_string(channel)] =
          static_cast<std::uint64_t>(std::llround(m_dram->channel_busy_cycles(channel, m_config.cycle_ns())));
    }
  }
  if (m_llc) {
    result.busy_cycles["llc"] = static_cast<std::uint64_t>(std::llround(m_llc->busy_cycles()));
    // The LLC's data array is a storage level of its own (priced by models/ppa).
    result.bytes_read["LLC"] = m_llc->array_read_bytes();
    result.bytes_written["LLC"] = m_llc->array_write_bytes();
  }
  if (m_l2) {
    result.busy_cycles["l2"] = static_cast<std::uint64_t>(std::llround(m_l2->busy_cycles()));
    result.bytes_read["L2"] = m_l2->array_read_bytes();
    result.bytes_written["L2"] = m_l2->array_write_bytes();
  }
  result.stats = collect_stats(*this);
  return result;
}

}  // namespace sextant
