// SPDX-License-Identifier: Apache-2.0
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn: the write-back processes
#include "models/cache/last_level_cache.h"

#include <algorithm>

#include "tlm/sc/checked_transport.h"

namespace sextant {

LastLevelCache::LastLevelCache(sc_core::sc_module_name name, const LlcConfig& config, double cycle_ns,
                               bool functional)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      m_config(config),
      m_cycle(cycle_ns, sc_core::SC_NS),
      m_lookup(static_cast<double>(config.hit_latency_cycles) * m_cycle),
      m_functional(functional),
      m_tags(config.sets(), config.ways, config.replacement),
      m_mshrs_free(config.mshrs) {
  in.register_b_transport(this, &LastLevelCache::b_transport);
  in.register_transport_dbg(this, &LastLevelCache::transport_dbg);
  m_fetching.reserve(static_cast<std::size_t>(config.mshrs));
  // A write-back holds an MSHR until the memory has taken it, so more than `mshrs`
  // write-back processes could never run at once.
  for (int i = 0; i < config.mshrs; ++i) {
    m_writeback_payloads.push_back(std::make_unique<tlm::tlm_generic_payload>());
    tlm::tlm_generic_payload* payload = m_writeback_payloads.back().get();
    sc_core::sc_spawn([this, payload] { writeback_process(*payload); }, sc_core::sc_gen_unique_name("writeback"));
  }
}

void LastLevelCache::start_op(const std::vector<AddressRange>& resident) {
  m_tags.clear();
  const std::uint64_t line_bytes = m_config.line_bytes;
  if (m_config.occupied) {
    // Clean lines of other data in every way: line numbers past any address the
    // accelerator uses, consecutive so that each set receives exactly `ways` of them.
    const std::uint64_t other_data = std::uint64_t{1} << 52;
    const std::uint64_t lines = m_tags.sets() * static_cast<std::uint64_t>(m_config.ways);
    for (std::uint64_t i = 0; i < lines; ++i) m_tags.access(other_data + i, false);
  }
  for (const AddressRange& range : resident) {
    if (range.bytes == 0) continue;
    const std::uint64_t last = (range.begin + range.bytes - 1) / line_bytes;
    // Victims of the warm-up itself left before the op: no write-back is charged to it.
    for (std::uint64_t line = range.begin / line_bytes; line <= last; ++line) m_tags.access(line, true);
  }
}

void LastLevelCache::drain() {
  while (!m_writeback_queue.empty() || m_writebacks_active > 0) sc_core::wait(m_writeback_done);
}

LastLevelCache::CallContext& LastLevelCache::acquire_context() {
  if (m_free_contexts.empty()) {
    m_contexts.push_back(std::make_unique<CallContext>());
    return *m_contexts.back();
  }
  CallContext* context = m_free_contexts.back();
  m_free_contexts.pop_back();
  return *context;
}

sc_core::sc_time LastLevelCache::book_data_array(sc_core::sc_time earliest, std::uint64_t bytes, const char* what,
                                                 int tag_cycles) {
  const sc_core::sc_time start = std::max(earliest, m_data_free);
  const double cycles = tag_cycles + static_cast<double>(bytes) / m_config.bytes_per_cycle;
  m_data_free = start + cycles * m_cycle;
  m_array_busy_cycles += cycles;
  if (m_trace != nullptr) m_trace->span(m_trace_track, what, start, m_data_free, cycles);
  return m_data_free;
}

int LastLevelCache::take_mshrs(std::uint64_t wanted) {
  while (m_mshrs_free == 0) sc_core::wait(m_mshr_freed);
  const int taken = static_cast<int>(std::min<std::uint64_t>(wanted, static_cast<std::uint64_t>(m_mshrs_free)));
  m_mshrs_free -= taken;
  m_mshrs_peak = std::max(m_mshrs_peak, m_config.mshrs - m_mshrs_free);
  return taken;
}

void LastLevelCache::release_mshrs(int count) {
  m_mshrs_free += count;
  m_mshr_freed.notify(sc_core::SC_ZERO_TIME);
}

void LastLevelCache::memory_transaction(tlm::tlm_generic_payload& payload, bool write, std::uint64_t address,
                                        std::uint64_t bytes) {
  // Timing only: the memory model already holds the data (see the class comment).
  payload.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  payload.set_address(address);
  payload.set_data_ptr(nullptr);
  payload.set_data_length(static_cast<unsigned>(bytes));
  payload.set_streaming_width(static_cast<unsigned>(bytes));
  payload.set_byte_enable_ptr(nullptr);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  checked_b_transport(*out.operator->(), name(), payload, delay);
  if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

bool LastLevelCache::in_flight(std::uint64_t line) const {
  for (const auto& [first, lines] : m_fetching) {
    if (line >= first && line < first + lines) return true;
  }
  return false;
}

sc_core::sc_time LastLevelCache::fetch_lines(tlm::tlm_generic_payload& payload, std::uint64_t first_line,
                                             std::uint64_t count) {
  const std::uint64_t line_bytes = m_config.line_bytes;
  sc_core::sc_time through = sc_core::sc_time_stamp();
  while (count > 0) {
    const int lines = take_mshrs(count);
    const auto taken = static_cast<std::uint64_t>(lines);
    m_fetching.emplace_back(first_line, taken);
    m_fills += taken;
    memory_transaction(payload, false, first_line * line_bytes, taken * line_bytes);
    m_fetching.erase(std::find(m_fetching.begin(), m_fetching.end(), std::make_pair(first_line, taken)));
    m_fill_done.notify(sc_core::SC_ZERO_TIME);
    release_mshrs(lines);
    // The returning lines are written into the data array on their way to the requester.
    m_array_write_bytes += taken * line_bytes;
    through = book_data_array(sc_core::sc_time_stamp(), taken * line_bytes, "fill");
    first_line += taken;
    count -= taken;
  }
  return through;
}

void LastLevelCache::queue_writeback(std::uint64_t line) {
  m_writeback_queue.push_back(line);
  m_writeback_queued.notify(sc_core::SC_ZERO_TIME);
}

void LastLevelCache::writeback_process(tlm::tlm_generic_payload& payload) {
  const std::uint64_t line_bytes = m_config.line_bytes;
  while (true) {
    while (m_writeback_queue.empty()) sc_core::wait(m_writeback_queued);
    const std::uint64_t line = m_writeback_queue.front();
    m_writeback_queue.pop_front();
    ++m_writebacks_active;
    take_mshrs(1);
    ++m_writebacks;
    m_array_read_bytes += line_bytes;
    const sc_core::sc_time read_out = book_data_array(sc_core::sc_time_stamp(), line_bytes, "writeback");
    if (read_out > sc_core::sc_time_stamp()) sc_core::wait(read_out - sc_core::sc_time_stamp());
    memory_transaction(payload, true, line * line_bytes, line_bytes);
    release_mshrs(1);
    --m_writebacks_active;
    m_writeback_done.notify(sc_core::SC_ZERO_TIME);
  }
}

void LastLevelCache::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  // Loosely-timed callers: reach the true arrival time first, so requests meet the tags in
  // simulated-time order.
  if (delay > sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  const std::uint64_t address = payload.get_address();
  const std::uint64_t length = payload.get_data_length();
  const bool write = payload.is_write();
  if (m_functional && payload.get_data_ptr() != nullptr &&
      checked_transport_dbg(*out.operator->(), name(), payload) != length) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
  if (length == 0) return;
  ++m_requests;
  (write ? m_bytes_requested_written : m_bytes_requested_read) += length;

  CallContext& call = acquire_context();
  call.miss_runs.clear();
  call.pending_lines.clear();
  const sc_core::sc_time arrival = sc_core::sc_time_stamp();
  const sc_core::sc_time& lookup = m_lookup;
  sc_core::sc_time done = arrival;
  sc_core::sc_time missed_at = arrival;  // when the last missing line's lookup got the tag stage
  const std::uint64_t line_bytes = m_config.line_bytes;
  const std::uint64_t end = address + length;
  // All lookups first, in address order: hits stream from the data array while the misses
  // of the same request are still outstanding (hit under miss).
  for (std::uint64_t line = address / line_bytes; line * line_bytes < end; ++line) {
    const std::uint64_t bytes = std::min(end, (line + 1) * line_bytes) - std::max(address, line * line_bytes);
    const CacheTags::Outcome outcome = m_tags.access(line, write);
    if (outcome.evicted_dirty) queue_writeback(outcome.victim_line);
    (write ? m_array_write_bytes : m_array_read_bytes) += bytes;
    if (outcome.hit) {
      ++m_hits;
      if (in_flight(line)) call.pending_lines.push_back(line);
      done = std::max(done, book_data_array(arrival, bytes, write ? "write" : "read", m_config.tag_cycles) + lookup);
      continue;
    }
    ++m_misses;
    if (write && bytes == line_bytes) {
      // A write of the whole line needs nothing from memory.
      done = std::max(done, book_data_array(arrival, bytes, "write", m_config.tag_cycles) + lookup);
      continue;
    }
    // The lookup that finds the miss holds the tag stage like a hit's, and only then
    // knows it missed.
    if (m_config.tag_cycles > 0) missed_at = std::max(missed_at, book_data_array(arrival, 0, "lookup", m_config.tag_cycles));
    if (!call.miss_runs.empty() && call.miss_runs.back().first + call.miss_runs.back().second == line) {
      ++call.miss_runs.back().second;
    } else {
      call.miss_runs.emplace_back(line, 1);
    }
  }
  if (!call.miss_runs.empty()) {
    if (missed_at > arrival) sc_core::wait(missed_at - arrival);
    sc_core::wait(lookup);  // the tag lookup that found the misses
    for (const auto& [first, lines] : call.miss_runs) done = std::max(done, fetch_lines(call.payload, first, lines));
    m_miss_wait_cycles += (sc_core::sc_time_stamp() - arrival) / m_cycle;
  }
  for (const std::uint64_t line : call.pending_lines) {
    while (in_flight(line)) sc_core::wait(m_fill_done);
  }
  m_free_contexts.push_back(&call);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (done > now) sc_core::wait(done - now);
}

unsigned int LastLevelCache::transport_dbg(tlm::tlm_generic_payload& payload) {
  return checked_transport_dbg(*out.operator->(), name(), payload);
}

void LastLevelCache::set_trace(TraceRecorder* trace) {
  m_trace = trace;
  if (trace != nullptr) m_trace_track = trace->track(name());
}

void LastLevelCache::collect_stats(StatsGroup& group) const {
  const std::uint64_t line_bytes = m_config.line_bytes;
  const std::uint64_t lookups = m_hits + m_misses;
  group.add("requests", "count", "requests served (one per DMA tile row)", static_cast<double>(m_requests));
  group.add("bytes_read", "bytes", "bytes the requests read", static_cast<double>(m_bytes_requested_read));
  group.add("bytes_written", "bytes", "bytes the requests wrote", static_cast<double>(m_bytes_requested_written));
  group.add("hits", "count", "line lookups that found the line", static_cast<double>(m_hits));
  group.add("misses", "count", "line lookups that allocated the line", static_cast<double>(m_misses));
  group.add("hit_rate", "fraction", "hits / (hits + misses)",
            lookups == 0 ? 0.0 : static_cast<double>(m_hits) / static_cast<double>(lookups));
  group.add("fills", "count", "lines fetched from memory (misses but whole-line writes)", static_cast<double>(m_fills));
  group.add("writebacks", "count", "dirty lines written back to memory", static_cast<double>(m_writebacks));
  group.add("bytes_from_memory", "bytes", "fills x line", static_cast<double>(m_fills * line_bytes));
  group.add("bytes_to_memory", "bytes", "writebacks x line", static_cast<double>(m_writebacks * line_bytes));
  group.add("array_read_bytes", "bytes", "bytes read out of the data array (requests and write-backs)",
            static_cast<double>(m_array_read_bytes));
  group.add("array_write_bytes", "bytes", "bytes written into the data array (requests and fills)",
            static_cast<double>(m_array_write_bytes));
  group.add("busy_cycles", "cycles", "cycles the tag/data pipeline was moving bytes", m_array_busy_cycles);
  group.add("miss_wait_cycles", "cycles", "sum over requests with misses of cycles until their fills returned",
            m_miss_wait_cycles);
  group.add("mshrs_peak", "count", "most MSHRs in use at once", static_cast<double>(m_mshrs_peak));
}

void LastLevelCache::reset_stats() {
  m_requests = m_hits = m_misses = m_fills = m_writebacks = 0;
  m_bytes_requested_read = m_bytes_requested_written = m_array_read_bytes = m_array_write_bytes = 0;
  m_array_busy_cycles = m_miss_wait_cycles = 0.0;
  m_mshrs_peak = 0;
}

}  // namespace sextant
