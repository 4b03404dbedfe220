// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/dram/address_mapping.h"
#include "tlm/core/dram_config.h"

namespace sextant {

enum class DramCommand { kActivate, kPrecharge, kRead, kWrite, kRefresh };

/// The JEDEC timing state of one channel: per bank, per bank group, per rank and for the
/// shared command and data buses, the earliest cycle at which each command becomes legal.
/// Pure logic, no SystemC: earliest() answers "when may this command issue", issue()
/// records one and moves every constraint it creates. All times are tCK cycles.
class ChannelTiming {
 public:
  explicit ChannelTiming(const DramConfig& config);

  /// Earliest cycle >= not_before at which `command` to `where` is legal. For kRefresh,
  /// `where.rank` names the rank (all its banks must be closed).
  std::int64_t earliest(DramCommand command, const DramAddress& where, std::int64_t not_before) const;
  /// Records the command at `cycle` (which must be legal). With auto_precharge, a read or
  /// write closes its row as soon as tRTP / tWR allow (RDA / WRA).
  void issue(DramCommand command, const DramAddress& where, std::int64_t cycle, bool auto_precharge = false);

  bool is_open(const DramAddress& where) const { return bank(where).open; }
  /// No command of any kind can issue before this cycle (the command bus).
  std::int64_t command_bus_free() const { return m_command_bus; }
  int open_row(const DramAddress& where) const { return bank(where).row; }
  /// The open row of a bank by its flat index (rank, group, bank), -1 when closed.
  int open_row_of(int flat_bank) const {
    const Bank& b = m_banks[static_cast<std::size_t>(flat_bank)];
    return b.open ? b.row : -1;
  }
  /// First open bank of a rank (its coordinates in `out`); false when all are closed.
  bool first_open_bank(int rank, DramAddress& out) const;
  /// Cycle by which the data of a read / write issued at `cycle` has crossed the bus.
  std::int64_t read_done(std::int64_t cycle) const { return cycle + m_config.cl + m_config.burst_cycles(); }
  std::int64_t write_done(std::int64_t cycle) const { return cycle + m_config.cwl + m_config.burst_cycles(); }

 private:
  struct Bank {
    bool open = false;
    int row = -1;
    std::int64_t act = 0, pre = 0, rd = 0, wr = 0;  ///< earliest legal cycle of each command
  };
  struct Rank {
    std::int64_t act = 0, rd = 0, wr = 0;           ///< any bank group (the _S constraints)
    std::vector<std::int64_t> act_bg, rd_bg, wr_bg;  ///< same bank group (the _L constraints)
    std::array<std::int64_t, 4> recent_acts{};      ///< for tFAW, a ring of the last four ACTs
    int acts = 0;
  };

  Bank& bank(const DramAddress& where);
  const Bank& bank(const DramAddress& where) const;
  static void raise(std::int64_t& value, std::int64_t at_least) {
    if (value < at_least) value = at_least;
  }

  const DramConfig m_config;
  std::vector<Bank> m_banks;  ///< rank-major, then bank group, then bank
  std::vector<Rank> m_ranks;
  std::int64_t m_command_bus = 0;  ///< one command per cycle
  std::int64_t m_data_bus = 0;     ///< cycle the data bus frees up
};

}  // namespace sextant
