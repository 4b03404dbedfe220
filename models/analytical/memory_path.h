// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

#include "tlm/core/arch_config.h"

namespace sextant {

/// What the analytical model sees of everything behind the DMA, for one op: one request
/// latency, one sustained bandwidth and one window of requests in flight, averaged over
/// the levels that serve the op's requests (the share each cache hits, the memory the
/// rest; docs/models/analytical.md, "Memory path").
struct MemoryPath {
  bool ideal = false;            ///< memory.model ideal: transfers take no time
  double latency_cycles = 0.0;   ///< one request, DMA to data, on an idle path (mean over the levels)
  double bytes_per_cycle = 0.0;  ///< sustained: the levels' (time-per-byte mean) and the DMA's, the slower
  /// What loads and stores share beyond their DMA channels: the levels used, not the DMA.
  double shared_bytes_per_cycle = 0.0;
  /// Requests in flight (DMA, its command tracker, the MSHRs of the caches missed), such
  /// that latency / window is the mean time per request of a latency-bound stream.
  double window = 1.0;
  /// Requests per DMA command when the DMA's command tracker admits one command at a
  /// time (dma.commands_in_flight 1): every command then drains before the next starts.
  /// 0: requests stream without such bubbles.
  double draining_command_requests = 0.0;
  const char* served_by = "memory";  ///< the level serving the largest share: "memory", "LLC" or "L2"
};

/// The memory's own bandwidth in bytes per accelerator cycle: memory.bandwidth_bytes_per_cycle
/// for the fixed model; the DRAM's peak (all channels) for the dram model.
double memory_bytes_per_cycle(const ArchConfig& arch);

/// The memory's own latency of one request in accelerator cycles: memory.latency_cycles for
/// the fixed model; for the dram model the controller's front end, a row activation, the
/// read latency and the burst (a DMA stream mixes row hits and conflicts; a miss on an
/// idle bank sits between them).
double memory_latency_cycles(const ArchConfig& arch);

/// The path for an op whose inputs and weights take `input_bytes` and `weight_bytes`,
/// `sharers` cores moving data at the same time (each gets an equal share of the
/// bandwidth; with a NoC, of its ports to the memory as well). A cache serves the op when
/// it starts warm with both tensors and holds them; otherwise its misses go on to the next
/// level, adding its lookup to the latency and bounding the requests in flight by its MSHRs
/// (a cache that replaces at random and cannot hold them all hits a share of them).
MemoryPath memory_path(const ArchConfig& arch, std::uint64_t input_bytes, std::uint64_t weight_bytes, int sharers = 1);

/// Cycles to move `bytes` in `requests` memory requests along the path: the bandwidth
/// term plus one latency, or one latency per window of requests in flight when there are
/// too few bytes to hide it; with a draining command tracker, per command: `commands` of
/// them (group_into_commands' count), or requests / dma.command_requests when 0.
double transfer_cycles(const MemoryPath& path, double bytes, double requests, double commands = 0.0);

}  // namespace sextant
