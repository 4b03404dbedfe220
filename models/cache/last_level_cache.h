// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/cache/cache_tags.h"
#include "tlm/core/llc_config.h"
#include "tlm/sc/stats_provider.h"
#include "tlm/sc/trace_recorder.h"

namespace sextant {

/// A byte range of off-chip memory, [begin, begin + bytes).
struct AddressRange {
  std::uint64_t begin = 0;
  std::uint64_t bytes = 0;
};

/// The last-level cache between the DMA and the off-chip memory: write-back, write-
/// allocate, LRU, a bounded number of line misses and write-backs in flight (MSHRs), and a
/// tag/data pipeline of hit_latency_cycles that moves bytes_per_cycle. It looks like the
/// memory to its initiators (target socket `in`) and calls the memory through `out`.
///
/// A request of any size (a DMA tile row) is one transaction that the cache splits into
/// lines. Its hits stream from the data array; runs of consecutive missing lines are
/// fetched from memory as one transaction of at most `mshrs` lines each; a write that
/// covers a whole missing line allocates it without a fetch. Dirty victims are queued and
/// written back by up to `mshrs` write-back processes. b_transport blocks until the
/// request's last byte is served, like the DRAM model's.
///
/// The cache keeps tags only: the data lives in the memory model. Each request's bytes are
/// copied to or from the memory at once by a debug transport (functional mode), and fills
/// and write-backs are timing-only transactions that carry no data.
class LastLevelCache : public sc_core::sc_module, public StatsProvider {
 public:
  tlm_utils::simple_target_socket<LastLevelCache> in;
  tlm_utils::simple_initiator_socket<LastLevelCache> out;

  LastLevelCache(sc_core::sc_module_name name, const LlcConfig& config, double cycle_ns, bool functional);

  /// Starts an op from a defined state: every line invalid, then the lines of `resident`
  /// (in order) allocated dirty, as if the host had just written them through the cache.
  void start_op(const std::vector<AddressRange>& resident);
  /// Blocks until every queued write-back has reached the memory (call between ops).
  void drain();

  void set_trace(TraceRecorder* trace);
  void collect_stats(StatsGroup& group) const override;
  void reset_stats() override;

  const LlcConfig& config() const { return m_config; }
  std::uint64_t hits() const { return m_hits; }
  std::uint64_t misses() const { return m_misses; }
  std::uint64_t fills() const { return m_fills; }
  std::uint64_t writebacks() const { return m_writebacks; }
  /// Bytes read out of / written into the data array (requests, fills, write-backs).
  std::uint64_t array_read_bytes() const { return m_array_read_bytes; }
  std::uint64_t array_write_bytes() const { return m_array_write_bytes; }
  /// Cycles the tag/data pipeline moved bytes.
  double busy_cycles() const { return m_array_busy_cycles; }
  /// Cycles requests spent waiting for a miss to come back from memory (summed).
  double miss_wait_cycles() const { return m_miss_wait_cycles; }

 private:
  /// What one call of b_transport needs while it blocks, pooled: no allocation per request.
  struct CallContext {
    tlm::tlm_generic_payload payload;                               ///< its fills
    std::vector<std::pair<std::uint64_t, std::uint64_t>> miss_runs;  ///< (first line, lines) to fetch
    std::vector<std::uint64_t> pending_lines;                        ///< hits on lines still being filled
  };

  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  /// Books the tag/data resource for `tag_cycles` plus `bytes` at bytes_per_cycle, from
  /// `earliest` or when it frees up; returns when the booking ends.
  sc_core::sc_time book_data_array(sc_core::sc_time earliest, std::uint64_t bytes, const char* what,
                                   int tag_cycles = 0);
  /// Waits for a free MSHR, then takes up to `wanted` of the free ones; returns how many.
  int take_mshrs(std::uint64_t wanted);
  void release_mshrs(int count);
  /// One blocking timing-only transaction to the memory.
  void memory_transaction(tlm::tlm_generic_payload& payload, bool write, std::uint64_t address,
                          std::uint64_t bytes);
  /// Fetches a run of missing lines, at most `mshrs` per memory transaction; returns when
  /// the last one has passed the data array.
  sc_core::sc_time fetch_lines(tlm::tlm_generic_payload& payload, std::uint64_t first_line, std::uint64_t count);
  bool in_flight(std::uint64_t line) const;
  void queue_writeback(std::uint64_t line);
  void writeback_process(tlm::tlm_generic_payload& payload);
  CallContext& acquire_context();

  const LlcConfig m_config;
  const sc_core::sc_time m_cycle;
  const sc_core::sc_time m_lookup;  ///< hit_latency_cycles
  const bool m_functional;
  CacheTags m_tags;
  sc_core::sc_time m_data_free = sc_core::SC_ZERO_TIME;  ///< when the data array frees up
  int m_mshrs_free;
  sc_core::sc_event m_mshr_freed;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> m_fetching;  ///< (first line, lines) in flight
  sc_core::sc_event m_fill_done;
  std::deque<std::uint64_t> m_writeback_queue;
  int m_writebacks_active = 0;
  sc_core::sc_event m_writeback_queued;
  sc_core::sc_event m_writeback_done;
  std::vector<std::unique_ptr<CallContext>> m_contexts;  ///< pool, grown to the most concurrent calls
  std::vector<CallContext*> m_free_contexts;
  std::vector<std::unique_ptr<tlm::tlm_generic_payload>> m_writeback_payloads;  ///< one per write-back process
  TraceRecorder* m_trace = nullptr;
  int m_trace_track = 0;

  std::uint64_t m_requests = 0;
  std::uint64_t m_hits = 0;
  std::uint64_t m_misses = 0;
  std::uint64_t m_fills = 0;
  std::uint64_t m_writebacks = 0;
  std::uint64_t m_bytes_requested_read = 0;
  std::uint64_t m_bytes_requested_written = 0;
  std::uint64_t m_array_read_bytes = 0;
  std::uint64_t m_array_write_bytes = 0;
  double m_array_busy_cycles = 0.0;
  double m_miss_wait_cycles = 0.0;
  int m_mshrs_peak = 0;
};

}  // namespace sextant
