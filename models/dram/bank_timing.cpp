// SPDX-License-Identifier: Apache-2.0
#include "models/dram/bank_timing.h"

#include <algorithm>

namespace sextant {

ChannelTiming::ChannelTiming(const DramConfig& config)
    : m_config(config),
      m_banks(static_cast<std::size_t>(config.ranks * config.banks_per_rank())),
      m_ranks(static_cast<std::size_t>(config.ranks)) {
  for (Rank& rank : m_ranks) {
    rank.act_bg.assign(static_cast<std::size_t>(config.bank_groups), 0);
    rank.rd_bg.assign(static_cast<std::size_t>(config.bank_groups), 0);
    rank.wr_bg.assign(static_cast<std::size_t>(config.bank_groups), 0);
  }
}

ChannelTiming::Bank& ChannelTiming::bank(const DramAddress& where) {
  return m_banks[static_cast<std::size_t>((where.rank * m_config.bank_groups + where.bank_group) *
                                              m_config.banks_per_group +
                                          where.bank)];
}

const ChannelTiming::Bank& ChannelTiming::bank(const DramAddress& where) const {
  return const_cast<ChannelTiming*>(this)->bank(where);
}

bool ChannelTiming::first_open_bank(int rank, DramAddress& out) const {
  for (int group = 0; group < m_config.bank_groups; ++group) {
    for (int b = 0; b < m_config.banks_per_group; ++b) {
      DramAddress where;
      where.rank = rank;
      where.bank_group = group;
      where.bank = b;
      if (bank(where).open) {
        out = where;
        return true;
      }
    }
  }
  return false;
}

std::int64_t ChannelTiming::earliest(DramCommand command, const DramAddress& where, std::int64_t not_before) const {
  std::int64_t at = std::max(not_before, m_command_bus);
  const Rank& rank = m_ranks[static_cast<std::size_t>(where.rank)];
  const auto group = static_cast<std::size_t>(where.bank_group);
  switch (command) {
    case DramCommand::kActivate: {
      at = std::max({at, bank(where).act, rank.act, rank.act_bg[group]});
      // tFAW: the fifth ACT waits until tFAW after the first of the last four.
      if (rank.acts >= 4) at = std::max(at, rank.recent_acts[static_cast<std::size_t>(rank.acts % 4)] + m_config.tfaw);
      return at;
    }
    case DramCommand::kPrecharge:
      return std::max(at, bank(where).pre);
    case DramCommand::kRead:
      return std::max({at, bank(where).rd, rank.rd, rank.rd_bg[group], m_data_bus - m_config.cl});
    case DramCommand::kWrite:
      return std::max({at, bank(where).wr, rank.wr, rank.wr_bg[group], m_data_bus - m_config.cwl});
    case DramCommand::kRefresh: {
      DramAddress each = where;
      for (each.bank_group = 0; each.bank_group < m_config.bank_groups; ++each.bank_group) {
        for (each.bank = 0; each.bank < m_config.banks_per_group; ++each.bank) at = std::max(at, bank(each).act);
      }
      return at;
    }
  }
  return at;
}

void ChannelTiming::issue(DramCommand command, const DramAddress& where, std::int64_t cycle, bool auto_precharge) {
  const DramConfig& c = m_config;
  Rank& rank = m_ranks[static_cast<std::size_t>(where.rank)];
  const auto group = static_cast<std::size_t>(where.bank_group);
  raise(m_command_bus, cycle + 1);
  switch (command) {
    case DramCommand::kActivate: {
      Bank& b = bank(where);
      b.open = true;
      b.row = where.row;
      raise(b.rd, cycle + c.trcd);
      raise(b.wr, cycle + c.trcd);
      raise(b.pre, cycle + c.tras);
      raise(b.act, cycle + c.trc);
      raise(rank.act, cycle + c.trrd_s);
      raise(rank.act_bg[group], cycle + c.trrd_l);
      rank.recent_acts[static_cast<std::size_t>(rank.acts % 4)] = cycle;
      ++rank.acts;
      return;
    }
    case DramCommand::kPrecharge: {
      Bank& b = bank(where);
      b.open = false;
      raise(b.act, cycle + c.trp);
      return;
    }
    case DramCommand::kRead:
    case DramCommand::kWrite: {
      Bank& b = bank(where);
      const bool read = command == DramCommand::kRead;
      if (read) {
        raise(rank.rd, cycle + c.tccd_s);
        raise(rank.rd_bg[group], cycle + c.tccd_l);
        raise(rank.wr, cycle + c.trtw);
        raise(b.pre, cycle + c.trtp);
        raise(m_data_bus, read_done(cycle));
      } else {
        raise(rank.wr, cycle + c.tccd_s);
        raise(rank.wr_bg[group], cycle + c.tccd_l);
        raise(rank.rd, write_done(cycle) + c.twtr);
        raise(b.pre, write_done(cycle) + c.twr);
        raise(m_data_bus, write_done(cycle));
      }
      if (auto_precharge) {
        b.open = false;
        raise(b.act, b.pre + c.trp);
      }
      return;
    }
    case DramCommand::kRefresh: {
      DramAddress each = where;
      for (each.bank_group = 0; each.bank_group < c.bank_groups; ++each.bank_group) {
        for (each.bank = 0; each.bank < c.banks_per_group; ++each.bank) raise(bank(each).act, cycle + c.trfc);
      }
      return;
    }
  }
}

}  // namespace sextant
