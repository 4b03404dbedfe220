// SPDX-License-Identifier: Apache-2.0
#include "models/analytical/memory_path.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

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

/// Whether a cache holds the op's inputs and weights when it starts.
bool serves(const LlcConfig& cache, std::uint64_t input_bytes, std::uint64_t weight_bytes) {
  const std::uint64_t warm = cache.warm == LlcWarm::kAll      ? input_bytes + weight_bytes
                             : cache.warm == LlcWarm::kInputs ? (weight_bytes == 0 ? input_bytes : 0)
                                                              : 0;
  // A cache warm with the inputs only sends the weights' requests on: the slower path
  // then paces the op, so it serves only ops without weights.
  return warm > 0 && warm == input_bytes + weight_bytes && warm <= cache.size_bytes;
}

}  // namespace

MemoryPath memory_path(const ArchConfig& arch, std::uint64_t input_bytes, std::uint64_t weight_bytes, int sharers) {
  MemoryPath path;
  if (arch.memory.model == MemoryModel::kIdeal) {
    path.ideal = true;
    return path;
  }
  constexpr double kUnbounded = std::numeric_limits<double>::infinity();
  path.latency_cycles = memory_latency_cycles(arch);
  path.bytes_per_cycle = memory_bytes_per_cycle(arch);
  path.window = kUnbounded;
  // From the memory towards the DMA: the LLC, then the L2 in front of it.
  const struct {
    const std::optional<LlcConfig>& cache;
    const char* name;
  } levels[] = {{arch.memory.llc, "LLC"}, {arch.memory.l2, "L2"}};
  for (const auto& level : levels) {
    if (!level.cache) continue;
    const LlcConfig& cache = *level.cache;
    if (serves(cache, input_bytes, weight_bytes)) {
      path.latency_cycles = cache.hit_latency_cycles;
      path.bytes_per_cycle = cache.bytes_per_cycle;
      path.window = kUnbounded;  // hits hold no MSHR
      path.served_by = level.name;
    } else {
      path.latency_cycles += cache.hit_latency_cycles;  // the lookup that misses
      path.bytes_per_cycle = std::min(path.bytes_per_cycle, cache.bytes_per_cycle);
      path.window = std::min(path.window, static_cast<double>(cache.mshrs));
    }
  }
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
  const DmaConfig& dma = arch.dma;
  path.bytes_per_cycle = std::min(path.bytes_per_cycle, static_cast<double>(dma.bytes_per_cycle));
  path.window = std::min(path.window, static_cast<double>(dma.outstanding));
  if (dma.command_requests > 0 && dma.commands_in_flight > 0) {
    path.window = std::min(path.window, static_cast<double>(dma.command_requests) * dma.commands_in_flight);
    if (dma.commands_in_flight == 1) path.draining_command_requests = dma.command_requests;
  }
  return path;
}

double transfer_cycles(const MemoryPath& path, double bytes, double requests) {
  if (path.ideal || bytes <= 0.0) return 0.0;
  const auto stream = [&](double part_bytes, double part_requests) {
    const double windows = std::ceil(std::max(part_requests, 1.0) / path.window);
    return std::max(part_bytes / path.bytes_per_cycle + path.latency_cycles, windows * path.latency_cycles);
  };
  if (path.draining_command_requests <= 0.0 || requests <= path.draining_command_requests) {
    return stream(bytes, requests);
  }
  // One command at a time: each drains (its last request returns) before the next issues.
  const double commands = std::ceil(requests / path.draining_command_requests);
  return commands * stream(bytes / commands, requests / commands);
}

}  // namespace sextant
