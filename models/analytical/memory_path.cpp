// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/memory_path.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace sextant {

double memory_bytes_per_cycle(const ArchConfig& arch) {
  if (arch.memory.model == MemoryModel::kDram && arch.memory.dram) {
    return arch.memory.dram->peak_gb_per_s() * arch.cycle_ns();  // GB/s = bytes per ns
  }
  return arch.memory.bandwidth_bytes_per_cycle;
}

double memory_latency_cycles(const ArchConfig& arch) {
  if (arch.memory.model == MemoryModel::kDram && arch.memory.dram) {
    const DramConfig& dram = *arch.memory.dram;
    const int tck = dram.frontend_cycles + dram.trcd + dram.cl + dram.burst_cycles();
    return tck * dram.tck_ns / arch.cycle_ns();
  }
  return arch.memory.latency_cycles;
}

namespace {

/// The share of the op's requests a cache hits: its warm contents are the op's inputs and
/// weights (`warm: all`; `inputs` only counts for an op without weights). All of them when
/// they fit; when they do not, a cache that replaces at random still holds a share of them
/// (size / working set) as the op streams through them again, an LRU cache none (each line
/// leaves just before its reuse). Cold: none (the model has no reuse within an op).
double hit_share(const LlcConfig& cache, std::uint64_t input_bytes, std::uint64_t weight_bytes) {
  const std::uint64_t needed = input_bytes + weight_bytes;
  const bool warm = cache.warm == LlcWarm::kAll || (cache.warm == LlcWarm::kInputs && weight_bytes == 0);
  if (!warm || needed == 0) return 0.0;
  if (needed <= cache.size_bytes) return 1.0;
  if (cache.replacement == CacheReplacement::kRandom) {
    return static_cast<double>(cache.size_bytes) / static_cast<double>(needed);
  }
  return 0.0;
}

/// Where a share of the requests is served: its latency, the requests in flight its path
/// allows (the MSHRs of the caches it missed) and its bandwidth.
struct Service {
  double share;
  double latency_cycles;
  double window;
  double bytes_per_cycle;
  const char* level;
};

}  // namespace

MemoryPath memory_path(const ArchConfig& arch, std::uint64_t input_bytes, std::uint64_t weight_bytes, int sharers) {
  MemoryPath path;
  if (arch.memory.model == MemoryModel::kIdeal) {
    path.ideal = true;
    return path;
  }
  constexpr double kUnbounded = std::numeric_limits<double>::infinity();
  std::vector<Service> services = {
      {1.0, memory_latency_cycles(arch), kUnbounded, memory_bytes_per_cycle(arch), "memory"}};
  // From the memory towards the DMA: the LLC, then the L2 in front of it. A cache serves
  // its hit share itself; the rest pays its lookup on top of the levels below and holds
  // one of its MSHRs.
  const struct {
    const std::optional<LlcConfig>& cache;
    const char* name;
  } levels[] = {{arch.memory.llc, "LLC"}, {arch.memory.l2, "L2"}};
  for (const auto& level : levels) {
    if (!level.cache) continue;
    const LlcConfig& cache = *level.cache;
    const double hits = hit_share(cache, input_bytes, weight_bytes);
    // Each line also holds the cache's tag stage for tag_cycles, on the same resource.
    const double line = static_cast<double>(cache.line_bytes);
    const double bytes_per_cycle = line / (cache.tag_cycles + line / cache.bytes_per_cycle);
    for (Service& below : services) {
      below.share *= 1.0 - hits;
      below.latency_cycles += cache.hit_latency_cycles;
      below.window = std::min(below.window, static_cast<double>(cache.mshrs));
      below.bytes_per_cycle = std::min(below.bytes_per_cycle, bytes_per_cycle);
    }
    services.push_back({hits, static_cast<double>(cache.hit_latency_cycles), kUnbounded, bytes_per_cycle, level.name});
  }
  const DmaConfig& dma = arch.dma;
  double dma_window = dma.outstanding;
  if (dma.command_requests > 0 && dma.commands_in_flight > 0) {
    dma_window = std::min(dma_window, static_cast<double>(dma.command_requests) * dma.commands_in_flight);
    if (dma.commands_in_flight == 1) path.draining_command_requests = dma.command_requests;
  }
  // One path with the services' averages: the mean latency; a window such that a stream of
  // requests takes, per request, the mean of latency / window (Little's law per service);
  // the bandwidth whose time per byte is the mean of theirs.
  double latency = 0.0, time_per_request = 0.0, time_per_byte = 0.0, largest = -1.0;
  for (const Service& service : services) {
    if (service.share <= 0.0) continue;
    latency += service.share * service.latency_cycles;
    time_per_request += service.share * service.latency_cycles / std::min(service.window, dma_window);
    time_per_byte += service.share / service.bytes_per_cycle;
    if (service.share > largest) {
      largest = service.share;
      path.served_by = service.level;
    }
  }
  path.latency_cycles = latency;
  path.window = time_per_request > 0.0 ? latency / time_per_request : dma_window;
  path.bytes_per_cycle = 1.0 / time_per_byte;
  if (sharers > 1) {
    // The cores move data at the same moments: each gets its share of what they all go
    // through, the memory side and the NoC's ports to it (their own DMAs are their own).
    double shared = path.bytes_per_cycle;
    if (arch.noc) {
      const double ports = arch.noc->topology == NocTopology::kBus ? 1.0 : static_cast<double>(arch.noc->memory_controllers.size());
      shared = std::min(shared, ports * arch.noc->link_bytes_per_cycle);
    }
    path.bytes_per_cycle = shared / static_cast<double>(sharers);
  }
  path.shared_bytes_per_cycle = path.bytes_per_cycle;
  path.bytes_per_cycle = std::min(path.bytes_per_cycle, static_cast<double>(dma.bytes_per_cycle));
  return path;
}

double transfer_cycles(const MemoryPath& path, double bytes, double requests, double commands) {
  if (path.ideal || bytes <= 0.0) return 0.0;
  const auto stream = [&](double part_bytes, double part_requests) {
    const double windows = std::ceil(std::max(part_requests, 1.0) / path.window);
    return std::max(part_bytes / path.bytes_per_cycle + path.latency_cycles, windows * path.latency_cycles);
  };
  if (path.draining_command_requests <= 0.0) return stream(bytes, requests);
  // One command at a time: each drains (its last request returns) before the next issues.
  if (commands <= 0.0) commands = std::ceil(requests / path.draining_command_requests);
  if (commands <= 1.0) return stream(bytes, requests);
  return commands * stream(bytes / commands, requests / commands);
}

}  // namespace sextant
