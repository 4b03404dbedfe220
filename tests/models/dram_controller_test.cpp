// SPDX-License-Identifier: Apache-2.0
// The DRAM controller as a TLM-2.0 target: unloaded latencies follow the standard's
// parameters, and contending requests are ordered the same whatever the process order
// and the global quantum. One simulation per TEST (ctest runs each in its own process).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "models/dram/dram_controller.h"
#include "tlm/sc/checked_transport.h"

namespace sextant {
namespace {

/// One request of a scripted initiator: issue at `at` (absolute), read or write.
struct Scripted {
  sc_core::sc_time at;
  std::uint64_t address;
  bool write;
};

/// Issues a script, one request at a time, as a loosely-timed initiator: with a quantum
/// keeper it runs ahead of simulated time and hands its local offset to the target as the
/// annotated delay; without one it waits to the true time before every call.
class ScriptedInitiator : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ScriptedInitiator);
  tlm_utils::simple_initiator_socket<ScriptedInitiator> out;
  std::vector<sc_core::sc_time> completions;

  ScriptedInitiator(sc_core::sc_module_name name, std::vector<Scripted> script, bool use_quantum)
      : sc_core::sc_module(name), out("out"), m_script(std::move(script)), m_use_quantum(use_quantum) {
    SC_THREAD(run);
  }

 private:
  void run() {
    tlm_utils::tlm_quantumkeeper keeper;
    keeper.reset();
    tlm::tlm_generic_payload payload;
    payload.set_data_length(64);
    payload.set_streaming_width(64);
    for (const Scripted& request : m_script) {
      sc_core::sc_time delay;
      if (m_use_quantum) {
        if (request.at > keeper.get_current_time()) keeper.inc(request.at - keeper.get_current_time());
        delay = keeper.get_local_time();
      } else {
        if (request.at > sc_core::sc_time_stamp()) sc_core::wait(request.at - sc_core::sc_time_stamp());
        delay = sc_core::SC_ZERO_TIME;
      }
      payload.set_address(request.address);
      payload.set_command(request.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
      checked_b_transport(*out.operator->(), name(), payload, delay);
      completions.push_back(sc_core::sc_time_stamp() + delay);
      if (m_use_quantum) {
        keeper.set(delay);
        if (keeper.need_sync()) keeper.sync();
      }
    }
  }

  std::vector<Scripted> m_script;
  bool m_use_quantum;
};

DramConfig ddr4() { return load_dram_preset("ddr4-2400"); }

TEST(DramController, RowHitIsFasterThanMissFasterThanConflict) {
  const DramConfig config = ddr4();
  const sc_core::sc_time tck(config.tck_ns, sc_core::SC_NS);
  const std::uint64_t row1 = 16ull * 128 * 64;  // bank 0, row 1 (RoRaBaCoBgCh)
  // Far apart, on clock edges, well before the first refresh falls due.
  ScriptedInitiator initiator("initiator",
                              {{tck * 0.0, 0, false},        // bank closed: miss
                               {tck * 1200.0, 256, false},   // same row: hit
                               {tck * 2400.0, row1, false}},  // other row open: conflict
                              false);
  DramController dram("dram", config, false);
  initiator.out.bind(dram.in);
  sc_core::sc_start();

  ASSERT_EQ(dram.latencies_ns().size(), 3u);
  const double miss = dram.latencies_ns()[0];
  const double hit = dram.latencies_ns()[1];
  const double conflict = dram.latencies_ns()[2];
  const double front = config.frontend_cycles;
  const double data = config.cl + config.burst_cycles();
  EXPECT_NEAR(hit, (front + data) * config.tck_ns, 1e-3);
  EXPECT_NEAR(miss, (front + config.trcd + data) * config.tck_ns, 1e-3);
  EXPECT_NEAR(conflict, (front + config.trp + config.trcd + data) * config.tck_ns, 1e-3);
  EXPECT_LT(hit, miss);
  EXPECT_LT(miss, conflict);
  EXPECT_EQ(dram.row_hits(), 1u);
  EXPECT_EQ(dram.row_misses(), 1u);
  EXPECT_EQ(dram.row_conflicts(), 1u);
}

TEST(DramController, RequestWaitsForARefreshInProgress) {
  const DramConfig config = ddr4();
  const sc_core::sc_time tck(config.tck_ns, sc_core::SC_NS);
  // Arrives just after the first refresh fell due: the rank is blocked for tRFC.
  ScriptedInitiator initiator("initiator", {{tck * static_cast<double>(config.trefi + 1), 0, false}}, false);
  DramController dram("dram", config, false);
  initiator.out.bind(dram.in);
  sc_core::sc_start();
  ASSERT_EQ(dram.latencies_ns().size(), 1u);
  const double expected = (config.trfc - 1 + config.trcd + config.cl + config.burst_cycles()) * config.tck_ns;
  EXPECT_NEAR(dram.latencies_ns()[0], expected, 1e-3);
  EXPECT_EQ(dram.command_counts().refreshes, 1u);
}

/// Two initiators whose requests collide: the same arrival times, conflicting rows of the
/// same banks, reads and writes.
std::vector<Scripted> contending_script(int who) {
  std::vector<Scripted> script;
  for (int i = 0; i < 300; ++i) {
    const std::uint64_t row = static_cast<std::uint64_t>((i * 7 + who * 3) % 5);
    const std::uint64_t bank = static_cast<std::uint64_t>((i + who) % 3);
    const std::uint64_t column = static_cast<std::uint64_t>(i % 4);
    const std::uint64_t address = ((row * 16 + bank * 4) * 128 + column * 4) * 64;  // RoRaBaCoBgCh
    script.push_back({sc_core::sc_time(20.0 * i, sc_core::SC_NS), address, (i + who) % 4 == 0});
  }
  return script;
}

TEST(DramController, ContentionIsIdenticalWhateverProcessOrderAndQuantum) {
  const DramConfig config = ddr4();
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(1, sc_core::SC_US));
  // System 1: A's process registered first, every call at its true time (quantum 0).
  auto a1 = std::make_unique<ScriptedInitiator>("a1", contending_script(0), false);
  auto b1 = std::make_unique<ScriptedInitiator>("b1", contending_script(1), false);
  DramController dram1("dram1", config, false);
  // System 2: B first, both running ahead by up to the 1 us quantum.
  auto b2 = std::make_unique<ScriptedInitiator>("b2", contending_script(1), true);
  auto a2 = std::make_unique<ScriptedInitiator>("a2", contending_script(0), true);
  DramController dram2("dram2", config, false);
  a1->out.bind(dram1.in);
  b1->out.bind(dram1.in);
  a2->out.bind(dram2.in);
  b2->out.bind(dram2.in);
  sc_core::sc_start();

  ASSERT_EQ(a1->completions.size(), 300u);
  EXPECT_EQ(a1->completions, a2->completions);
  EXPECT_EQ(b1->completions, b2->completions);
  EXPECT_EQ(dram1.row_conflicts(), dram2.row_conflicts());
  EXPECT_EQ(dram1.row_hits(), dram2.row_hits());
  EXPECT_GT(dram1.row_conflicts(), 0u);  // the requests really contend
  // Latencies are recorded in completion order, which at equal times is process order.
  std::vector<double> latencies1 = dram1.latencies_ns();
  std::vector<double> latencies2 = dram2.latencies_ns();
  std::sort(latencies1.begin(), latencies1.end());
  std::sort(latencies2.begin(), latencies2.end());
  EXPECT_EQ(latencies1, latencies2);
}

}  // namespace
}  // namespace sextant
