// SPDX-License-Identifier: Apache-2.0
// DRAM timing at the boundary (pure logic, no simulation): the channel's JEDEC state
// machine and the scheduler on top of it refuse a command one cycle before it is legal
// and accept it at that cycle.
#include <gtest/gtest.h>

#include "models/dram/address_mapping.h"
#include "models/dram/bank_timing.h"
#include "models/dram/scheduler.h"
#include "tlm/core/dram_config.h"

namespace sextant {
namespace {

DramConfig ddr4() { return load_dram_preset("ddr4-2400"); }

DramAddress bank_at(int group, int bank, int row = 0) {
  DramAddress where;
  where.bank_group = group;
  where.bank = bank;
  where.row = row;
  return where;
}

TEST(DramTiming, ColumnCommandWaitsForTrcd) {
  const DramConfig config = ddr4();
  ChannelTiming timing(config);
  const DramAddress where = bank_at(0, 0);
  timing.issue(DramCommand::kActivate, where, 100);
  EXPECT_EQ(timing.earliest(DramCommand::kRead, where, 100), 100 + config.trcd);
  // One cycle before tRCD the read is not legal; at tRCD it is.
  EXPECT_GT(timing.earliest(DramCommand::kRead, where, 100 + config.trcd - 1), 100 + config.trcd - 1);
  EXPECT_EQ(timing.earliest(DramCommand::kRead, where, 100 + config.trcd), 100 + config.trcd);
  EXPECT_EQ(timing.earliest(DramCommand::kWrite, where, 0), 100 + config.trcd);
}

TEST(DramTiming, PrechargeWaitsForTrasAndActivateForTrp) {
  const DramConfig config = ddr4();
  ChannelTiming timing(config);
  const DramAddress where = bank_at(1, 2);
  timing.issue(DramCommand::kActivate, where, 0);
  EXPECT_EQ(timing.earliest(DramCommand::kPrecharge, where, 0), config.tras);
  timing.issue(DramCommand::kPrecharge, where, config.tras);
  EXPECT_EQ(timing.earliest(DramCommand::kActivate, where, 0), config.trc);  // tRAS + tRP = tRC here
}

TEST(DramTiming, FawLimitsABurstOfActivates) {
  const DramConfig config = ddr4();
  ChannelTiming timing(config);
  std::vector<std::int64_t> at;
  for (int i = 0; i < 5; ++i) {
    const DramAddress where = bank_at(i % 4, i / 4);
    const std::int64_t cycle = timing.earliest(DramCommand::kActivate, where, 0);
    timing.issue(DramCommand::kActivate, where, cycle);
    at.push_back(cycle);
  }
  // Four ACTs tRRD_S apart (different bank groups), the fifth held back to tFAW.
  EXPECT_EQ(at[1] - at[0], config.trrd_s);
  EXPECT_EQ(at[3], 3 * config.trrd_s);
  ASSERT_GT(config.tfaw, 4 * config.trrd_s);
  EXPECT_EQ(at[4], at[0] + config.tfaw);
}

TEST(DramTiming, SameBankGroupUsesTheLongSpacing) {
  const DramConfig config = ddr4();
  ChannelTiming timing(config);
  timing.issue(DramCommand::kActivate, bank_at(0, 0), 0);
  EXPECT_EQ(timing.earliest(DramCommand::kActivate, bank_at(0, 1), 0), config.trrd_l);
  EXPECT_EQ(timing.earliest(DramCommand::kActivate, bank_at(1, 0), 0), config.trrd_s);
  timing.issue(DramCommand::kActivate, bank_at(1, 0), config.trrd_s);
  const std::int64_t read = config.trrd_s + config.trcd;
  timing.issue(DramCommand::kRead, bank_at(1, 0), read);
  EXPECT_EQ(timing.earliest(DramCommand::kRead, bank_at(0, 0), read), read + config.tccd_s);
  EXPECT_EQ(timing.earliest(DramCommand::kRead, bank_at(1, 0), read), read + config.tccd_l);
  // Read to write turnaround.
  EXPECT_EQ(timing.earliest(DramCommand::kWrite, bank_at(0, 0), read), read + config.trtw);
}

TEST(DramTiming, RefreshBlocksTheRankForTrfc) {
  const DramConfig config = ddr4();
  ChannelTiming timing(config);
  DramAddress rank;
  timing.issue(DramCommand::kRefresh, rank, 1000);
  for (int group = 0; group < config.bank_groups; ++group) {
    EXPECT_EQ(timing.earliest(DramCommand::kActivate, bank_at(group, 3), 0), 1000 + config.trfc);
  }
  // A refresh needs every bank closed: an open bank holds it back until its tRP.
  ChannelTiming busy(config);
  busy.issue(DramCommand::kActivate, bank_at(2, 1), 0);
  busy.issue(DramCommand::kPrecharge, bank_at(2, 1), config.tras);
  EXPECT_EQ(busy.earliest(DramCommand::kRefresh, rank, 0), config.tras + config.trp);
}

TEST(DramTiming, AddressMappingSplitsFields) {
  const DramConfig config = ddr4();  // RoRaBaCoBgCh, 128 bursts per row
  const AddressMapping mapping(config);
  EXPECT_EQ(mapping.capacity_bytes(), 8ull << 30);  // 16 banks x 64 Ki rows x 8 KiB
  const DramAddress next = mapping.decode(64);
  EXPECT_EQ(next.bank_group, 1);
  EXPECT_EQ(next.column, 0);
  const DramAddress column = mapping.decode(4 * 64);
  EXPECT_EQ(column.bank_group, 0);
  EXPECT_EQ(column.column, 1);
  const DramAddress bank = mapping.decode(4 * 128 * 64);
  EXPECT_EQ(bank.bank, 1);
  EXPECT_EQ(bank.row, 0);
  EXPECT_EQ(mapping.decode(16 * 128 * 64).row, 1);
}

/// Drives one channel scheduler as the controller does and returns each command's cycle.
struct Driven {
  std::vector<std::pair<DramCommand, std::int64_t>> commands;
  std::vector<ServedBurst> served;
};

Driven drive(ChannelScheduler& scheduler, std::int64_t from) {
  Driven out;
  std::int64_t now = from;
  while (auto decision = scheduler.decide(now)) {
    now = decision->cycle;
    if (!decision->command) continue;
    out.commands.emplace_back(decision->kind, decision->cycle);
    if (auto served = scheduler.issue(*decision)) out.served.push_back(*served);
  }
  return out;
}

BurstEntry burst(const DramConfig& config, std::uint64_t address, std::int64_t ready, bool write = false) {
  BurstEntry entry;
  entry.address = address;
  entry.where = AddressMapping(config).decode(address);
  entry.ready = ready;
  entry.write = write;
  return entry;
}

TEST(DramScheduler, ReadIssuesExactlyAtTrcdAfterItsActivate) {
  DramConfig config = ddr4();
  config.refresh = false;
  ChannelScheduler scheduler(config);
  scheduler.enqueue(burst(config, 0, 10));
  const Driven driven = drive(scheduler, 0);
  ASSERT_EQ(driven.commands.size(), 2u);
  EXPECT_EQ(driven.commands[0], std::make_pair(DramCommand::kActivate, std::int64_t{10}));
  EXPECT_EQ(driven.commands[1], std::make_pair(DramCommand::kRead, std::int64_t{10 + config.trcd}));
  ASSERT_EQ(driven.served.size(), 1u);
  EXPECT_EQ(driven.served[0].outcome, RowOutcome::kMiss);
  EXPECT_EQ(driven.served[0].done, 10 + config.trcd + config.cl + config.burst_cycles());
}

TEST(DramScheduler, FrFcfsServesRowHitsBeforeAnOlderConflict) {
  DramConfig config = ddr4();
  config.refresh = false;
  const std::uint64_t row1 = 16ull * 128 * 64;  // bank 0, row 1
  for (const DramSchedulerKind kind : {DramSchedulerKind::kFrFcfs, DramSchedulerKind::kFcfs}) {
    config.scheduler = kind;
    ChannelScheduler scheduler(config);
    scheduler.enqueue(burst(config, 0, 0));  // opens bank 0, row 0
    drive(scheduler, 0);
    scheduler.enqueue(burst(config, row1, 100));     // older, conflicts
    scheduler.enqueue(burst(config, 4 * 64, 101));   // younger, hits row 0
    const Driven driven = drive(scheduler, 100);
    ASSERT_EQ(driven.served.size(), 2u);
    if (kind == DramSchedulerKind::kFrFcfs) {
      EXPECT_EQ(driven.served[0].outcome, RowOutcome::kHit);
      EXPECT_EQ(driven.served[1].outcome, RowOutcome::kConflict);
    } else {
      // Strict arrival order: row 1 first, then row 0 must be reopened.
      EXPECT_EQ(driven.served[0].outcome, RowOutcome::kConflict);
      EXPECT_EQ(driven.served[1].outcome, RowOutcome::kConflict);
    }
  }
}

TEST(DramScheduler, IdleRefreshHappensWhenDueAndBlocksForTrfc) {
  DramConfig config = ddr4();
  ChannelScheduler scheduler(config);
  // Arrives one cycle after the first refresh fell due while the channel was idle.
  scheduler.enqueue(burst(config, 0, config.trefi + 1));
  const Driven driven = drive(scheduler, config.trefi + 1);
  EXPECT_EQ(scheduler.counts().refreshes, 1u);
  ASSERT_FALSE(driven.commands.empty());
  EXPECT_EQ(driven.commands[0], std::make_pair(DramCommand::kActivate, std::int64_t{config.trefi + config.trfc}));
}

TEST(DramScheduler, ClosedPagePrechargesAfterEveryAccess) {
  DramConfig config = ddr4();
  config.refresh = false;
  config.page_policy = PagePolicy::kClosed;
  ChannelScheduler scheduler(config);
  scheduler.enqueue(burst(config, 0, 0));
  drive(scheduler, 0);
  scheduler.enqueue(burst(config, 4 * 64, 200));  // same row: a miss again under closed page
  const Driven driven = drive(scheduler, 200);
  ASSERT_EQ(driven.served.size(), 1u);
  EXPECT_EQ(driven.served[0].outcome, RowOutcome::kMiss);
  EXPECT_EQ(scheduler.counts().precharges, 2u);
}

}  // namespace
}  // namespace sextant
