// SPDX-License-Identifier: Apache-2.0
#include "models/memory/memory_endpoint.h"

#include <algorithm>
#include <cstring>

#include "tlm/sc/payload_data.h"

namespace sextant {

MemoryEndpoint::MemoryEndpoint(sc_core::sc_module_name name, const MemoryConfig& config,
                               std::uint32_t burst_bytes, double cycle_ns, bool functional)
    : sc_core::sc_module(name),
      in("in"),
      m_config(config),
      m_burst_bytes(burst_bytes),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_functional(functional) {
  in.register_b_transport(this, &MemoryEndpoint::b_transport);
  in.register_transport_dbg(this, &MemoryEndpoint::transport_dbg);
}

void MemoryEndpoint::reserve_storage(std::uint64_t bytes) {
  if (m_functional && m_storage.size() < bytes) m_storage.resize(bytes, 0);
}

bool MemoryEndpoint::copy_data(tlm::tlm_generic_payload& payload) {
  // Timing-only mode keeps no data and accepts any address.
  if (!m_functional) {
    payload.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
  }
  return serve_payload_data(payload, m_storage.data(), m_storage.size());
}

void MemoryEndpoint::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  if (!copy_data(payload)) return;
  const std::uint64_t length = payload.get_data_length();
  (payload.is_write() ? m_bytes_written : m_bytes_read) += length;
  ++m_requests;
  m_bursts += (length + m_burst_bytes - 1) / m_burst_bytes;
  if (m_config.model == MemoryModel::kIdeal) return;

  const sc_core::sc_time arrival = sc_core::sc_time_stamp() + delay;
  const sc_core::sc_time start = std::max(arrival, m_free_at);
  const double transfer_cycles = static_cast<double>(length) / m_config.bandwidth_bytes_per_cycle;
  m_free_at = start + transfer_cycles * m_cycle;
  m_busy_cycles += transfer_cycles;
  m_queue_cycles += (start - arrival) / m_cycle;
  if (m_trace != nullptr) m_trace->span(m_trace_track, payload.is_write() ? "write" : "read", start, m_free_at, transfer_cycles);
  const sc_core::sc_time done = m_free_at + static_cast<double>(m_config.latency_cycles) * m_cycle;
  delay += done - arrival;
}

unsigned int MemoryEndpoint::transport_dbg(tlm::tlm_generic_payload& payload) {
  return copy_data(payload) ? payload.get_data_length() : 0;
}

void MemoryEndpoint::set_trace(TraceRecorder* trace) {
  m_trace = trace;
  if (trace != nullptr) m_trace_track = trace->track(name());
}

void MemoryEndpoint::collect_stats(StatsGroup& group) const {
  group.add("bytes_read", "bytes", "bytes read from off-chip memory", static_cast<double>(m_bytes_read));
  group.add("bytes_written", "bytes", "bytes written to off-chip memory", static_cast<double>(m_bytes_written));
  group.add("requests", "count", "memory requests (one per DMA tile row)", static_cast<double>(m_requests));
  group.add("bursts", "count", "requests counted in bursts of the DMA burst size", static_cast<double>(m_bursts));
  group.add("busy_cycles", "cycles", "cycles the memory data bus was transferring", m_busy_cycles);
  group.add("queue_cycles", "cycles", "sum over requests of cycles waited for the bus", m_queue_cycles);
}

void MemoryEndpoint::reset_stats() {
  m_bytes_read = m_bytes_written = m_requests = m_bursts = 0;
  m_busy_cycles = m_queue_cycles = 0.0;
}

}  // namespace sextant
