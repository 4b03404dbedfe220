// SPDX-License-Identifier: Apache-2.0
#include "models/accelerator/accelerator.h"

#include <cmath>

#include "tlm/sc/stats_provider.h"

namespace sextant {
namespace {

/// What memory.llc.warm puts in the cache before an op: its inputs (and weights), as the
/// host would have left them after writing them.
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
  // The DRAM's and the LLC's b_transport block until the data is back, so the DMA carries
  // each request in flight on its own process; the endpoint answers at once with a delay.
  const bool llc = config.memory.llc && !ideal;
  m_dma = std::make_unique<Dma>("dma", config.dma, cycle_ns, ideal, functional, /*blocking_memory=*/dram || llc);
  if (llc) m_llc = std::make_unique<LastLevelCache>("llc", *config.memory.llc, cycle_ns, functional);
  // The DMA sees the LLC as its memory when there is one; the LLC sees the memory model.
  if (m_llc) m_dma->mem.bind(m_llc->in);
  if (dram) {
    m_dram = std::make_unique<DramController>("dram", *config.memory.dram, functional);
    if (m_llc) {
      m_llc->out.bind(m_dram->in);
    } else {
      m_dma->mem.bind(m_dram->in);
    }
  } else {
    m_memory = std::make_unique<MemoryEndpoint>("memory", config.memory, config.dma.burst_bytes, cycle_ns,
                                                functional);
    if (m_llc) {
      m_llc->out.bind(m_memory->in);
    } else {
      m_dma->mem.bind(m_memory->in);
    }
  }
  std::vector<BufferAccessIf*> array_ports;
  for (const BufferConfig& buffer : config.buffers) {
    m_buffers.push_back(std::make_unique<Scratchpad>(buffer.name.c_str(), buffer, cycle_ns, functional, !ideal));
    m_dma->buffers.bind(m_buffers.back()->in);
    array_ports.push_back(m_buffers.back().get());
  }
  m_pe_array = std::make_unique<PeArray>("pe_array", config.pe_array, cycle_ns, array_ports, functional);
  m_vector_unit = std::make_unique<VectorUnit>("vector_unit", config.vector_unit, vector_numerics(config), cycle_ns,
                                               array_ports, functional);
  m_controller = std::make_unique<Controller>("controller", config.controller, cycle_ns, *m_dma, *m_pe_array,
                                              *m_vector_unit);
}

void Accelerator::set_trace(TraceRecorder* trace) {
  m_pe_array->set_trace(trace);
  m_vector_unit->set_trace(trace);
  m_dma->set_trace(trace);
  // The fixed/ideal endpoint traces its bus, the DRAM model each channel's data bus.
  if (m_memory) m_memory->set_trace(trace);
  if (m_dram) m_dram->set_trace(trace, m_config.cycle_ns());
  if (m_llc) m_llc->set_trace(trace);
}

void Accelerator::reserve_memory(std::uint64_t bytes) {
  // The LLC fetches whole lines: the last one may reach past the last tensor byte.
  if (m_llc) bytes = (bytes + m_llc->config().line_bytes - 1) / m_llc->config().line_bytes * m_llc->config().line_bytes;
  if (m_dram) {
    m_dram->reserve_storage(bytes);
  } else {
    m_memory->reserve_storage(bytes);
  }
}

std::uint8_t* Accelerator::memory_contents() { return m_dram ? m_dram->contents() : m_memory->contents(); }

OpResult Accelerator::run(const Program& program) {
  reset_stats(*this);
  if (m_llc) m_llc->start_op(llc_resident_ranges(m_llc->config().warm, program));
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  m_controller->run(program);
  const double cycles = (sc_core::sc_time_stamp() - start) / sc_core::sc_time(m_config.cycle_ns(), sc_core::SC_NS);
  // Write-backs still queued finish between ops: their traffic belongs to this op, their
  // time to neither (the op's work is done when its last command is).
  if (m_llc) m_llc->drain();

  OpResult result;
  result.name = program.op_name;
  result.latency_cycles = static_cast<std::uint64_t>(std::llround(cycles));
  result.latency_ns = static_cast<double>(result.latency_cycles) * m_config.cycle_ns();
  result.macs = m_pe_array->macs();
  const double pes = static_cast<double>(m_config.pe_array.rows) * m_config.pe_array.cols;
  result.utilization = result.latency_cycles == 0 ? 0.0 : static_cast<double>(result.macs) / (cycles * pes);
  result.commands = m_controller->commands();
  result.memory_requests = m_dram ? m_dram->requests() : m_memory->requests();
  result.bytes_read["DRAM"] = m_dram ? m_dram->bytes_read() : m_memory->bytes_read();
  result.bytes_written["DRAM"] = m_dram ? m_dram->bytes_written() : m_memory->bytes_written();
  for (const auto& buffer : m_buffers) {
    result.bytes_read[buffer->config().name] = buffer->bytes_read();
    result.bytes_written[buffer->config().name] = buffer->bytes_written();
  }
  for (const char* cause : {stall::kDramBandwidth, stall::kBankConflict, stall::kDependency, stall::kIssue}) {
    result.stall_cycles[cause] = m_controller->stall_cycles(cause);
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
  result.busy_cycles["pe_array"] = m_pe_array->busy_cycles();
  result.busy_cycles["dma"] = m_dma->busy_cycles();
  result.busy_cycles["vector_unit"] = m_vector_unit->busy_cycles();
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
  result.vector_element_ops = m_vector_unit->element_ops();
  result.stats = collect_stats(*this);
  return result;
}

}  // namespace sextant
