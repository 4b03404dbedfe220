// SPDX-License-Identifier: Apache-2.0
#include "models/dram/scheduler.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace sextant {

ChannelScheduler::ChannelScheduler(const DramConfig& config)
    : m_config(config),
      m_timing(config),
      m_refresh_due(static_cast<std::size_t>(config.ranks), config.trefi),
      m_hit_generation(static_cast<std::size_t>(config.ranks * config.banks_per_rank()), 0) {}

void ChannelScheduler::enqueue(const BurstEntry& entry) {
  m_cache_valid = false;
  if (empty()) refresh_while_idle(entry.ready);
  std::deque<BurstEntry>& queue = m_queues[entry.write ? 1 : 0];
  BurstEntry stored = entry;
  stored.flat_bank = (entry.where.rank * m_config.bank_groups + entry.where.bank_group) * m_config.banks_per_group +
                     entry.where.bank;
  const auto key = [](const BurstEntry& e) { return std::make_tuple(e.ready, e.address); };
  // Nearly always an append: arrivals come in time order.
  auto at = queue.end();
  while (at != queue.begin() && key(*(at - 1)) > key(entry)) --at;
  queue.insert(at, stored);
}

void ChannelScheduler::refresh_while_idle(std::int64_t until) {
  if (!m_config.refresh) return;
  for (int rank = 0; rank < m_config.ranks; ++rank) {
    std::int64_t& due = m_refresh_due[static_cast<std::size_t>(rank)];
    while (due < until) {
      DramAddress open;
      while (m_timing.first_open_bank(rank, open)) {
        m_timing.issue(DramCommand::kPrecharge, open, m_timing.earliest(DramCommand::kPrecharge, open, due));
        ++m_counts.precharges;
      }
      DramAddress where;
      where.rank = rank;
      m_timing.issue(DramCommand::kRefresh, where, m_timing.earliest(DramCommand::kRefresh, where, due));
      ++m_counts.refreshes;
      due += m_config.trefi;
    }
  }
}

std::size_t ChannelScheduler::window(int queue) const {
  const int depth = queue == 0 ? m_config.read_queue : m_config.write_queue;
  return std::min(m_queues[queue].size(), static_cast<std::size_t>(depth));
}

std::optional<SchedulerDecision> ChannelScheduler::decide(std::int64_t now) {
  if (empty()) return std::nullopt;
  // A due refresh comes first: close the rank's banks, then refresh it.
  std::int64_t next_due = std::numeric_limits<std::int64_t>::max();
  if (m_config.refresh) {
    for (int rank = 0; rank < m_config.ranks; ++rank) {
      const std::int64_t due = m_refresh_due[static_cast<std::size_t>(rank)];
      if (due <= now) {
        SchedulerDecision decision;
        decision.command = true;
        decision.where.rank = rank;
        DramAddress open;
        if (m_timing.first_open_bank(rank, open)) {
          decision.kind = DramCommand::kPrecharge;
          decision.where = open;
        } else {
          decision.kind = DramCommand::kRefresh;
        }
        decision.cycle = m_timing.earliest(decision.kind, decision.where, now);
        return decision;
      }
      next_due = std::min(next_due, due);
    }
  }

  // Write drain with hysteresis: start at the high watermark (or when no read waits),
  // stop at the low one (or when no write is left).
  const std::size_t writes = window(1);
  const bool reads_waiting = !m_queues[0].empty();
  if (!m_draining && writes > 0 &&
      (writes >= static_cast<std::size_t>(m_config.write_high_watermark) || !reads_waiting)) {
    m_draining = true;
  } else if (m_draining &&
             (writes == 0 || (reads_waiting && writes <= static_cast<std::size_t>(m_config.write_low_watermark)))) {
    m_draining = false;
  }
  const int queue_index = m_draining ? 1 : 0;
  const std::deque<BurstEntry>& queue = m_queues[queue_index];
  const std::size_t count = m_config.scheduler == DramSchedulerKind::kFcfs ? 1 : window(queue_index);

  // One pass marks the banks whose open row some queued burst hits: FR-FCFS keeps those open.
  ++m_generation;
  const bool protect_hits = m_config.scheduler == DramSchedulerKind::kFrFcfs;
  if (protect_hits) {
    auto entry = queue.begin();
    for (std::size_t i = 0; i < count; ++i, ++entry) {
      if (m_timing.open_row_of(entry->flat_bank) == entry->where.row) {
        m_hit_generation[static_cast<std::size_t>(entry->flat_bank)] = m_generation;
      }
    }
  }
  SchedulerDecision best;
  bool best_is_column = false;
  // Nothing can beat a row hit at the first free command slot: stop scanning there.
  const std::int64_t soonest = std::max(now, m_timing.command_bus_free());
  auto at = queue.begin();
  for (std::size_t i = 0; i < count; ++i, ++at) {
    const BurstEntry& entry = *at;
    DramCommand kind;
    const int open_row = m_timing.open_row_of(entry.flat_bank);
    if (open_row >= 0) {
      if (open_row == entry.where.row) {
        kind = entry.write ? DramCommand::kWrite : DramCommand::kRead;
      } else {
        if (protect_hits && m_hit_generation[static_cast<std::size_t>(entry.flat_bank)] == m_generation) continue;
        kind = DramCommand::kPrecharge;
      }
    } else {
      kind = DramCommand::kActivate;
    }
    const std::int64_t cycle = m_timing.earliest(kind, entry.where, std::max(now, entry.ready));
    const bool is_column = kind == DramCommand::kRead || kind == DramCommand::kWrite;
    // Earliest legal first; at equal cycles row hits first, then the oldest.
    if (!best.command || cycle < best.cycle || (cycle == best.cycle && is_column && !best_is_column)) {
      best.command = true;
      best.kind = kind;
      best.cycle = cycle;
      best.where = entry.where;
      best.queue = queue_index;
      best.index = i;
      best_is_column = is_column;
      if (is_column && cycle == soonest) break;
    }
  }
  if (!best.command || next_due < best.cycle) {
    // Nothing can move before the refresh falls due: wake then, and decide again.
    SchedulerDecision wake;
    wake.cycle = best.command ? next_due : now + 1;
    return wake;
  }
  return best;
}

std::optional<SchedulerDecision> ChannelScheduler::decide_cached(std::int64_t now) {
  // A wake-up decision is spent once its cycle has come (the refresh it waited for is due).
  const bool spent = m_cached && (m_cached->command ? m_cached->cycle < now : m_cached->cycle <= now);
  if (!m_cache_valid || spent) {
    m_cached = decide(now);
    m_cache_valid = true;
  }
  return m_cached;
}

std::optional<ServedBurst> ChannelScheduler::issue(const SchedulerDecision& decision) {
  m_cache_valid = false;
  switch (decision.kind) {
    case DramCommand::kRefresh:
      m_timing.issue(decision.kind, decision.where, decision.cycle);
      ++m_counts.refreshes;
      m_refresh_due[static_cast<std::size_t>(decision.where.rank)] += m_config.trefi;
      return std::nullopt;
    case DramCommand::kPrecharge:
      m_timing.issue(decision.kind, decision.where, decision.cycle);
      ++m_counts.precharges;
      if (decision.queue >= 0) m_queues[decision.queue][decision.index].precharged = true;
      return std::nullopt;
    case DramCommand::kActivate:
      m_timing.issue(decision.kind, decision.where, decision.cycle);
      ++m_counts.activates;
      m_queues[decision.queue][decision.index].activated = true;
      return std::nullopt;
    case DramCommand::kRead:
    case DramCommand::kWrite:
      break;
  }
  const bool closed = m_config.page_policy == PagePolicy::kClosed;
  m_timing.issue(decision.kind, decision.where, decision.cycle, closed);
  std::deque<BurstEntry>& queue = m_queues[decision.queue];
  ServedBurst served;
  served.entry = queue[decision.index];
  queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(decision.index));
  served.outcome = served.entry.precharged  ? RowOutcome::kConflict
                   : served.entry.activated ? RowOutcome::kMiss
                                            : RowOutcome::kHit;
  if (decision.kind == DramCommand::kRead) {
    ++m_counts.reads;
    served.done = m_timing.read_done(decision.cycle);
  } else {
    ++m_counts.writes;
    served.done = m_timing.write_done(decision.cycle);
  }
  if (closed) ++m_counts.precharges;  // the auto-precharge
  return served;
}

}  // namespace sextant
