// SPDX-License-Identifier: Apache-2.0
#include "models/scratchpad/scratchpad.h"

#include <algorithm>
#include <cstring>

#include "tlm/core/config_error.h"
#include "tlm/sc/payload_data.h"

namespace sextant {

Scratchpad::Scratchpad(sc_core::sc_module_name name, const BufferConfig& config, double cycle_ns,
                       bool functional, bool timed_fills)
    : sc_core::sc_module(name),
      in("in"),
      m_config(config),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_timed_fills(timed_fills),
      m_port_free(static_cast<std::size_t>(config.banks * config.ports), sc_core::SC_ZERO_TIME) {
  if (functional) m_storage.assign(config.size_bytes, 0);
  in.register_b_transport(this, &Scratchpad::b_transport);
  in.register_transport_dbg(this, &Scratchpad::transport_dbg);
}

sc_core::sc_time Scratchpad::reserve(std::uint64_t address, std::uint64_t region_bytes,
                                     std::uint64_t traffic_bytes, bool write, sc_core::sc_time at) {
  if (traffic_bytes == 0) return at;
  if (address + region_bytes > m_config.size_bytes) {
    throw ModelError(name(), "access beyond the buffer's end at address " + std::to_string(address));
  }
  (write ? m_bytes_written : m_bytes_read) += traffic_bytes;
  ++m_requests;
  const std::uint64_t bank_bytes = m_config.bank_size_bytes();
  const std::uint64_t first = address / bank_bytes;
  const std::uint64_t last = (address + std::max<std::uint64_t>(region_bytes, 1) - 1) / bank_bytes;
  const std::uint64_t width = m_config.bank_width_bytes;
  sc_core::sc_time done = at;
  sc_core::sc_time unhindered = at;
  for (std::uint64_t bank = first; bank <= last; ++bank) {
    // The traffic falls on each bank in proportion to the region's bytes in it.
    const std::uint64_t lo = std::max(address, bank * bank_bytes);
    const std::uint64_t hi = std::min(address + region_bytes, (bank + 1) * bank_bytes);
    const std::uint64_t share = region_bytes == 0 ? traffic_bytes
                                                  : traffic_bytes * (hi - lo) / region_bytes;
    const std::uint64_t cycles = (share + width - 1) / width;
    auto port_begin = m_port_free.begin() + static_cast<std::ptrdiff_t>(bank * static_cast<std::uint64_t>(m_config.ports));
    auto port = std::min_element(port_begin, port_begin + m_config.ports);
    const sc_core::sc_time start = std::max(at, *port);
    const sc_core::sc_time busy = static_cast<double>(cycles) * m_cycle;
    *port = start + busy;
    m_port_busy_cycles += cycles;
    done = std::max(done, *port);
    unhindered = std::max(unhindered, at + busy);
  }
  if (done > unhindered) m_conflict_cycles += static_cast<std::uint64_t>((done - unhindered) / m_cycle + 0.5);
  return done + static_cast<double>(m_config.latency_cycles) * m_cycle;
}

bool Scratchpad::copy_data(tlm::tlm_generic_payload& payload) {
  return serve_payload_data(payload, contents(), m_config.size_bytes);
}

void Scratchpad::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  if (!copy_data(payload)) return;
  const std::uint64_t length = payload.get_data_length();
  if (!m_timed_fills) {
    (payload.is_write() ? m_bytes_written : m_bytes_read) += length;
    return;
  }
  const sc_core::sc_time start = sc_core::sc_time_stamp() + delay;
  const sc_core::sc_time done = reserve(payload.get_address(), length, length, payload.is_write(), start);
  delay += done - start;
}

unsigned int Scratchpad::transport_dbg(tlm::tlm_generic_payload& payload) {
  return copy_data(payload) ? payload.get_data_length() : 0;
}

void Scratchpad::collect_stats(StatsGroup& group) const {
  group.add("bytes_read", "bytes", "bytes read by the DMA and the PE array", static_cast<double>(m_bytes_read));
  group.add("bytes_written", "bytes", "bytes written by the DMA and the PE array",
            static_cast<double>(m_bytes_written));
  group.add("requests", "count", "transfers and array bookings served", static_cast<double>(m_requests));
  group.add("bank_conflict_cycles", "cycles", "cycles requests waited for a busy bank port",
            static_cast<double>(m_conflict_cycles));
  group.add("port_busy_cycles", "cycles", "sum over bank ports of cycles spent moving data",
            static_cast<double>(m_port_busy_cycles));
}

void Scratchpad::reset_stats() {
  m_bytes_read = m_bytes_written = m_requests = m_conflict_cycles = m_port_busy_cycles = 0;
}

}  // namespace sextant
