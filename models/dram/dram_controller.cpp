// SPDX-License-Identifier: Apache-2.0
#include "models/dram/dram_controller.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "tlm/sc/payload_data.h"

namespace sextant {

DramController::DramController(sc_core::sc_module_name name, const DramConfig& config, bool functional)
    : sc_core::sc_module(name),
      in("in"),
      m_config(config),
      m_tck(config.tck_ns, sc_core::SC_NS),
      m_functional(functional),
      m_mapping(config) {
  for (int channel = 0; channel < config.channels; ++channel) m_channels.emplace_back(config);
  m_channel_bursts.assign(static_cast<std::size_t>(config.channels), 0);
  in.register_b_transport(this, &DramController::b_transport);
  in.register_transport_dbg(this, &DramController::transport_dbg);
  SC_THREAD(scheduler_thread);
}

void DramController::reserve_storage(std::uint64_t bytes) {
  if (m_functional && m_storage.size() < bytes) m_storage.resize(bytes, 0);
}

bool DramController::copy_data(tlm::tlm_generic_payload& payload) {
  if (!m_functional) {
    payload.set_response_status(tlm::TLM_OK_RESPONSE);
    return true;
  }
  return serve_payload_data(payload, m_storage.data(), m_storage.size());
}

std::int64_t DramController::cycle_at_or_after(const sc_core::sc_time& time) const {
  const sc_dt::uint64 tck = m_tck.value();
  return static_cast<std::int64_t>((time.value() + tck - 1) / tck);
}

void DramController::b_transport(int /*initiator*/, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  if (!copy_data(payload)) return;
  // Loosely-timed callers: reach the true arrival time before joining the queues.
  if (delay > sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  const std::uint64_t length = payload.get_data_length();
  if (length == 0) return;
  const bool write = payload.is_write();
  (write ? m_bytes_written : m_bytes_read) += length;
  ++m_requests;

  const sc_core::sc_time arrival = sc_core::sc_time_stamp();
  Request request;
  BurstEntry entry;
  entry.ready = cycle_at_or_after(arrival) + m_config.frontend_cycles;
  entry.write = write;
  entry.owner = &request;
  const std::uint64_t burst = m_config.burst_bytes();
  const std::uint64_t first = payload.get_address() / burst;
  const std::uint64_t last = (payload.get_address() + length - 1) / burst;
  for (std::uint64_t index = first; index <= last; ++index) {
    entry.address = index * burst;
    entry.where = m_mapping.decode(entry.address);
    m_channels[static_cast<std::size_t>(entry.where.channel)].enqueue(entry);
    ++request.remaining;
  }
  m_bursts += last - first + 1;
  m_wake.notify(sc_core::SC_ZERO_TIME);
  sc_core::wait(request.done);
  m_latencies_ns.push_back((sc_core::sc_time_stamp() - arrival).to_seconds() * 1e9);
}

unsigned int DramController::transport_dbg(int /*initiator*/, tlm::tlm_generic_payload& payload) {
  return copy_data(payload) ? payload.get_data_length() : 0;
}

void DramController::complete(const ServedBurst& served) {
  switch (served.outcome) {
    case RowOutcome::kHit:
      ++m_row_hits;
      break;
    case RowOutcome::kMiss:
      ++m_row_misses;
      break;
    case RowOutcome::kConflict:
      ++m_row_conflicts;
      break;
  }
  const auto channel = static_cast<std::size_t>(served.entry.where.channel);
  ++m_channel_bursts[channel];
  if (m_trace != nullptr) {
    // The data bus of a channel is used in issue order, so spans arrive in time order.
    const std::int64_t data_start = served.done - m_config.burst_cycles();
    m_trace->span(m_channel_tracks[channel], served.entry.write ? "write" : "read", time_of(data_start),
                  time_of(served.done), m_config.burst_cycles() * m_config.tck_ns / m_trace_cycle_ns);
  }
  auto* request = static_cast<Request*>(served.entry.owner);
  request->done_cycle = std::max(request->done_cycle, served.done);
  if (--request->remaining == 0) request->done.notify(time_of(request->done_cycle) - sc_core::sc_time_stamp());
}

void DramController::scheduler_thread() {
  constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
  while (true) {
    const sc_core::sc_time stamp = sc_core::sc_time_stamp();
    const std::int64_t now = cycle_at_or_after(stamp);
    // Commands issue only on a clock edge; between edges we only wait for the next one.
    const bool on_edge = time_of(now) == stamp;
    std::int64_t next = kNever;
    for (ChannelScheduler& channel : m_channels) {
      while (true) {
        const std::optional<SchedulerDecision> decision = channel.decide_cached(now);
        if (!decision) break;
        if (decision->command && decision->cycle == now && on_edge) {
          if (const std::optional<ServedBurst> served = channel.issue(*decision)) complete(*served);
          continue;
        }
        next = std::min(next, decision->cycle);
        break;
      }
    }
    // One event for both reasons to wake: an arrival (a delta notification, which
    // overrides a later timed one) or the next command's cycle. An early wake is harmless.
    if (next != kNever) m_wake.notify(time_of(next) - stamp);
    sc_core::wait(m_wake);
  }
}

CommandCounts DramController::command_counts() const {
  CommandCounts total;
  for (const ChannelScheduler& channel : m_channels) {
    const CommandCounts& c = channel.counts();
    total.activates += c.activates;
    total.precharges += c.precharges;
    total.reads += c.reads;
    total.writes += c.writes;
    total.refreshes += c.refreshes;
  }
  return total;
}

double DramController::latency_ns_mean() const {
  if (m_latencies_ns.empty()) return 0.0;
  return std::accumulate(m_latencies_ns.begin(), m_latencies_ns.end(), 0.0) /
         static_cast<double>(m_latencies_ns.size());
}

double DramController::latency_ns_p99() const {
  if (m_latencies_ns.empty()) return 0.0;
  std::vector<double> sorted = m_latencies_ns;
  const std::size_t rank = (sorted.size() * 99 + 99) / 100 - 1;  // nearest-rank percentile
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
  return sorted[rank];
}

void DramController::collect_stats(StatsGroup& group) const {
  const CommandCounts commands = command_counts();
  const auto add = [&group](const char* name, const char* unit, const char* meaning, double value) {
    group.add(name, unit, meaning, value);
  };
  add("bytes_read", "bytes", "bytes read from DRAM", static_cast<double>(m_bytes_read));
  add("bytes_written", "bytes", "bytes written to DRAM", static_cast<double>(m_bytes_written));
  add("requests", "count", "memory requests (one per DMA tile row)", static_cast<double>(m_requests));
  add("bursts", "count", "DRAM bursts the requests were split into", static_cast<double>(m_bursts));
  add("row_hits", "count", "bursts served from an open row", static_cast<double>(m_row_hits));
  add("row_misses", "count", "bursts that needed an ACT of a closed bank", static_cast<double>(m_row_misses));
  add("row_conflicts", "count", "bursts that needed a PRE of another open row, then an ACT",
      static_cast<double>(m_row_conflicts));
  add("activates", "count", "ACT commands", static_cast<double>(commands.activates));
  add("precharges", "count", "PRE commands (auto-precharges included)", static_cast<double>(commands.precharges));
  add("reads", "count", "RD commands", static_cast<double>(commands.reads));
  add("writes", "count", "WR commands", static_cast<double>(commands.writes));
  add("refreshes", "count", "REF commands (all-bank)", static_cast<double>(commands.refreshes));
  add("data_bus_ns", "ns", "time the data buses were transferring, summed over channels",
      static_cast<double>(m_bursts) * m_config.burst_cycles() * m_config.tck_ns);
  const double elapsed_ns = (sc_core::sc_time_stamp() - m_stats_since).to_seconds() * 1e9;
  add("bandwidth_gb_per_s", "GB/s", "achieved bandwidth, bytes moved over the time since the statistics were reset",
      elapsed_ns > 0.0 ? static_cast<double>(m_bytes_read + m_bytes_written) / elapsed_ns : 0.0);
  add("peak_gb_per_s", "GB/s", "theoretical peak of the configured DRAM", m_config.peak_gb_per_s());
  add("latency_ns_mean", "ns", "mean request latency, arrival to last data", latency_ns_mean());
  add("latency_ns_p99", "ns", "99th percentile of request latency", latency_ns_p99());
}

void DramController::set_trace(TraceRecorder* trace, double cycle_ns) {
  m_trace = trace;
  m_trace_cycle_ns = cycle_ns;
  m_channel_tracks.clear();
  if (trace == nullptr) return;
  for (int channel = 0; channel < m_config.channels; ++channel) {
    m_channel_tracks.push_back(trace->track(std::string(name()) + ".ch" + std::to_string(channel)));
  }
}

double DramController::channel_busy_cycles(int channel, double cycle_ns) const {
  return static_cast<double>(m_channel_bursts[static_cast<std::size_t>(channel)]) * m_config.burst_cycles() *
         m_config.tck_ns / cycle_ns;
}

void DramController::reset_stats() {
  std::fill(m_channel_bursts.begin(), m_channel_bursts.end(), 0);
  m_bytes_read = m_bytes_written = m_requests = m_bursts = 0;
  m_row_hits = m_row_misses = m_row_conflicts = 0;
  m_latencies_ns.clear();
  m_stats_since = sc_core::sc_time_stamp();
  for (ChannelScheduler& channel : m_channels) channel.reset_counts();
}

}  // namespace sextant
