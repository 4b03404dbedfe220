// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "models/dram/bank_timing.h"
#include "tlm/core/dram_config.h"

namespace sextant {

/// One burst waiting in a channel's read or write queue.
struct BurstEntry {
  std::int64_t ready = 0;  ///< first cycle the scheduler may act on it (arrival + frontend)
  std::uint64_t address = 0;
  DramAddress where;
  bool write = false;
  int flat_bank = 0;         ///< rank, bank group and bank as one index (set by enqueue)
  void* owner = nullptr;     ///< the controller's request this burst belongs to
  bool activated = false;    ///< an ACT was issued on its behalf
  bool precharged = false;   ///< a PRE was issued on its behalf (a row conflict)
};

enum class RowOutcome { kHit, kMiss, kConflict };

/// What the scheduler wants to do next: a command at a cycle, or only to be woken at a
/// cycle (a refresh falls due).
struct SchedulerDecision {
  bool command = false;
  DramCommand kind = DramCommand::kRead;
  std::int64_t cycle = 0;
  DramAddress where;
  int queue = -1;          ///< 0 reads, 1 writes, -1 refresh
  std::size_t index = 0;   ///< entry in that queue
};

/// A burst whose column command has issued.
struct ServedBurst {
  BurstEntry entry;
  RowOutcome outcome = RowOutcome::kHit;
  std::int64_t done = 0;  ///< cycle its data has crossed the bus
};

/// Per-command counts (inputs of an energy model).
struct CommandCounts {
  std::uint64_t activates = 0, precharges = 0, reads = 0, writes = 0, refreshes = 0;
};

/// One channel's controller logic: read and write queues, the write-drain watermarks,
/// FR-FCFS or FCFS choice among the first read_queue / write_queue entries (later ones wait:
/// back-pressure), the page policy and periodic refresh. Event-driven: decide() names the
/// next command and the cycle it becomes legal; the caller waits until then (or until new
/// work arrives and it decides again) and calls issue().
class ChannelScheduler {
 public:
  explicit ChannelScheduler(const DramConfig& config);

  /// Adds a burst; the queues stay ordered by (ready, address, write), so that the order
  /// of contending arrivals at one cycle never depends on which initiator ran first.
  void enqueue(const BurstEntry& entry);
  bool empty() const { return m_queues[0].empty() && m_queues[1].empty(); }
  /// The next thing to do at or after cycle `now`; nullopt when nothing is queued.
  std::optional<SchedulerDecision> decide(std::int64_t now);
  /// decide(), reusing the last answer while nothing was enqueued or issued since: a
  /// decision only changes with the queues and the timing state, never with time alone.
  std::optional<SchedulerDecision> decide_cached(std::int64_t now);
  /// Issues a decided command at decision.cycle; returns the burst when it was a column command.
  std::optional<ServedBurst> issue(const SchedulerDecision& decision);

  const CommandCounts& counts() const { return m_counts; }
  void reset_counts() { m_counts = CommandCounts{}; }
  const ChannelTiming& timing() const { return m_timing; }

 private:
  /// Refreshes that fell due while the channel was idle happen at their due cycle.
  void refresh_while_idle(std::int64_t until);
  std::size_t window(int queue) const;

  const DramConfig m_config;
  ChannelTiming m_timing;
  std::deque<BurstEntry> m_queues[2];
  bool m_draining = false;
  std::vector<std::int64_t> m_refresh_due;  ///< per rank
  bool m_cache_valid = false;
  std::uint32_t m_generation = 0;                   ///< one per decide()
  std::vector<std::uint32_t> m_hit_generation;      ///< per bank: a queued burst hits its open row
  std::optional<SchedulerDecision> m_cached;
  CommandCounts m_counts;
};

}  // namespace sextant
