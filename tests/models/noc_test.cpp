// SPDX-License-Identifier: Apache-2.0
// The NoC: XY routes, link reservations in closed form (bandwidth sharing, per-hop
// latency, credit back-pressure), and the SystemC module under contention, whose results
// do not depend on the global quantum. One simulation per TEST (one process each).
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn: several requests in flight per initiator
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "models/memory/memory_endpoint.h"
#include "models/noc/link_schedule.h"
#include "models/noc/noc.h"
#include "models/noc/noc_routes.h"
#include "tlm/sc/checked_transport.h"

namespace sextant {
namespace {

NocConfig mesh(int rows, int cols, std::vector<NocNode> mcs) {
  NocConfig config;
  config.topology = NocTopology::kMesh;
  config.rows = rows;
  config.cols = cols;
  config.cores = rows * cols;
  config.link_bytes_per_cycle = 16;
  config.flit_bytes = 16;
  config.packet_bytes = 64;
  config.buffer_flits = 4;
  config.router_latency_cycles = 1;
  config.memory_controllers = std::move(mcs);
  return config;
}

std::vector<std::string> names(const NocRoutes& routes, const std::vector<int>& links) {
  std::vector<std::string> result;
  for (int link : links) result.push_back(routes.link_names()[static_cast<std::size_t>(link)]);
  return result;
}

TEST(NocRoutes, MeshRoutesAreXThenY) {
  const NocRoutes routes(mesh(3, 3, {{2, 0}}));
  // Core 2 sits at (0, 2): along row 0 to column 0, then down column 0 to row 2.
  EXPECT_EQ(names(routes, routes.route(2, 0, true)),
            (std::vector<std::string>{"core2.inject", "r0c2-r0c1", "r0c1-r0c0", "r0c0-r1c0", "r1c0-r2c0", "mc0.in"}));
  // The way back is XY too: along row 2 first, then up column 2.
  EXPECT_EQ(names(routes, routes.route(2, 0, false)),
            (std::vector<std::string>{"mc0.out", "r2c0-r2c1", "r2c1-r2c2", "r2c2-r1c2", "r1c2-r0c2", "core2.eject"}));
  EXPECT_EQ(routes.routers(2, 0), 5);
  EXPECT_EQ(routes.routers(6, 0), 1);  // core 6 shares the controller's router
}

TEST(NocRoutes, CrossbarAndBus) {
  NocConfig config = mesh(2, 2, {{0, 0}, {1, 1}});
  config.topology = NocTopology::kCrossbar;
  const NocRoutes crossbar(config);
  EXPECT_EQ(names(crossbar, crossbar.route(3, 1, true)), (std::vector<std::string>{"core3.inject", "mc1.in"}));
  config.topology = NocTopology::kBus;
  const NocRoutes bus(config);
  EXPECT_EQ(names(bus, bus.route(3, 1, true)), (std::vector<std::string>{"bus"}));
  EXPECT_EQ(bus.route(0, 0, false), bus.route(3, 1, true));
}

TEST(LinkSchedule, LatencyGrowsByTheRouterLatencyPerHop) {
  // One flit (flit = link width: one cycle per link), no contention: the head crosses k
  // links and k - 1 routers, so each extra hop adds one link cycle plus the router latency.
  for (int router : {1, 3}) {
    NocConfig config = mesh(1, 8, {{0, 0}});
    config.router_latency_cycles = router;
    const NocRoutes routes(config);
    std::vector<double> latency;
    for (int core = 0; core < 8; ++core) {
      LinkSchedule schedule(config, routes.link_names().size());
      latency.push_back(schedule.reserve(routes.route(core, 0, true), routes.routers(core, 0), 0.0, 16));
    }
    EXPECT_DOUBLE_EQ(latency[0], 2.0 + router);  // inject, router, eject
    for (int hops = 1; hops < 8; ++hops) {
      EXPECT_DOUBLE_EQ(latency[static_cast<std::size_t>(hops)] - latency[0], hops * (1.0 + router)) << hops;
    }
  }
}

TEST(LinkSchedule, TwoFlowsOnOneLinkShareItsBandwidth) {
  // Cores 0 and 1 of a 1x3 mesh send to the controller at (0, 2): both cross r0c1-r0c2.
  const NocConfig config = mesh(1, 3, {{0, 2}});
  const NocRoutes routes(config);
  LinkSchedule schedule(config, routes.link_names().size());
  double last[2] = {0.0, 0.0};
  const int messages = 200;
  const std::uint64_t bytes = 256;
  for (int i = 0; i < messages; ++i) {
    for (int core = 0; core < 2; ++core) {
      // Each flow always has a message ready: the next leaves when its previous one left.
      last[core] = schedule.reserve(routes.route(core, 0, true), routes.routers(core, 0), 0.0, bytes);
    }
  }
  const double alone = messages * bytes / config.link_bytes_per_cycle;  // cycles at full bandwidth
  for (double finish : last) {
    const double share = (messages * bytes / finish) / config.link_bytes_per_cycle;
    EXPECT_NEAR(share, 0.5, 0.02);
  }
  EXPECT_NEAR(std::max(last[0], last[1]), 2 * alone, 0.02 * alone);
}

TEST(LinkSchedule, BusyDownstreamLinkBackPressuresUpstream) {
  // A long message holds mc0.in; a second one from another core queues behind it and,
  // with 4-flit buffers, holds its upstream link (credit stall) until the first drains.
  const NocConfig config = mesh(1, 3, {{0, 2}});
  const NocRoutes routes(config);
  LinkSchedule schedule(config, routes.link_names().size());
  schedule.reserve(routes.route(1, 0, true), routes.routers(1, 0), 0.0, 64 * 16);  // 64 flits
  const double tail = schedule.reserve(routes.route(0, 0, true), routes.routers(0, 0), 0.0, 16 * 16);
  double stalls = 0.0;
  for (std::size_t i = 0; i < schedule.links(); ++i) stalls += schedule.link(i).credit_stall_cycles;
  EXPECT_GT(stalls, 0.0);
  EXPECT_GE(tail, 64 + 16);  // served after the first message, every flit once
  // Every link counts each message's bytes exactly once.
  std::uint64_t into_mc = 0;
  for (std::size_t i = 0; i < schedule.links(); ++i) {
    if (routes.link_names()[i] == "mc0.in") into_mc = schedule.link(i).bytes;
  }
  EXPECT_EQ(into_mc, 64u * 16 + 16u * 16);
}

/// Streams `count` writes of `bytes` from one core port, `outstanding` at a time, either
/// waiting to the true time before each call or, with a quantum keeper, running ahead
/// and annotating its local offset.
class StreamInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<StreamInitiator> out;
  std::vector<sc_core::sc_time> completions;
  sc_core::sc_time finished;

  StreamInitiator(sc_core::sc_module_name name, int count, unsigned bytes, int outstanding, sc_core::sc_time gap,
                  bool use_quantum, bool mixed)
      : sc_core::sc_module(name), out("out"), m_bytes(bytes), m_gap(gap), m_use_quantum(use_quantum), m_mixed(mixed) {
    m_left = count;
    for (int i = 0; i < outstanding; ++i) sc_core::sc_spawn([this] { stream(); });
  }

 private:
  void stream() {
    tlm_utils::tlm_quantumkeeper keeper;
    keeper.reset();
    tlm::tlm_generic_payload payload;
    payload.set_data_length(m_bytes);
    payload.set_streaming_width(m_bytes);
    while (m_left > 0) {
      const std::uint64_t index = m_issued++;
      --m_left;
      payload.set_address(index * m_bytes);
      payload.set_command(m_mixed && index % 3 == 0 ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      if (m_use_quantum) {
        keeper.inc(m_gap);
        delay = keeper.get_local_time();
      } else {
        sc_core::wait(m_gap);
      }
      checked_b_transport(*out.operator->(), name(), payload, delay);
      completions.push_back(sc_core::sc_time_stamp() + delay);
      if (m_use_quantum) {
        keeper.set(delay);
        if (keeper.need_sync()) keeper.sync();
        keeper.sync();  // the next request's gap counts from this one's completion
      } else {
        sc_core::wait(delay);
      }
      finished = std::max(finished, sc_core::sc_time_stamp());
    }
  }

  const unsigned m_bytes;
  const sc_core::sc_time m_gap;
  const bool m_use_quantum;
  const bool m_mixed;  ///< every third request a read; else writes only
  int m_left = 0;
  std::uint64_t m_issued = 0;
};

/// A NoC in front of an ideal memory, with one stream initiator per listed core.
struct NocSystem {
  std::unique_ptr<Noc> noc;
  std::unique_ptr<MemoryEndpoint> memory;
  std::vector<std::unique_ptr<StreamInitiator>> initiators;

  NocSystem(const std::string& name, const NocConfig& config, int streams, int count, unsigned bytes, int outstanding,
            bool use_quantum, bool mixed) {
    MemoryConfig ideal;
    ideal.model = MemoryModel::kIdeal;
    for (int core = 0; core < streams; ++core) {
      // Different gaps per core make some requests collide at the same instant.
      const sc_core::sc_time gap(static_cast<double>(1 + core), sc_core::SC_NS);
      initiators.push_back(std::make_unique<StreamInitiator>((name + "_core" + std::to_string(core)).c_str(), count,
                                                             bytes, outstanding, gap, use_quantum, mixed));
    }
    noc = std::make_unique<Noc>((name + "_noc").c_str(), config, 1.0, false);
    memory = std::make_unique<MemoryEndpoint>((name + "_memory").c_str(), ideal, 64, 1.0, false);
    for (auto& initiator : initiators) initiator->out.bind(noc->in);
    noc->out.bind(memory->in);
  }
};

TEST(Noc, TwoContendingCoresEachGetHalfTheSharedLink) {
  // 1x3 mesh, controller at (0, 2): cores 0 and 1 share r0c1-r0c2 and mc0.in. Writes only
  // carry data towards memory; 4 requests in flight keep each flow saturated.
  NocConfig config = mesh(1, 3, {{0, 2}});
  config.cores = 2;
  NocSystem alone("alone", config, 1, 300, 256, 4, false, false);
  NocSystem shared("shared", config, 2, 300, 256, 4, false, false);
  sc_core::sc_start();
  const double link_bytes_per_ns = config.link_bytes_per_cycle;  // 1 ns cycle
  const double bytes = 300.0 * 256.0;
  const auto throughput = [&](const StreamInitiator& initiator) {
    return bytes / (initiator.finished / sc_core::sc_time(1, sc_core::SC_NS)) / link_bytes_per_ns;
  };
  const double alone_share = throughput(*alone.initiators[0]);
  EXPECT_GT(alone_share, 0.9);
  for (const auto& initiator : shared.initiators) {
    EXPECT_NEAR(throughput(*initiator) / alone_share, 0.5, 0.05) << initiator->name();
  }
  EXPECT_GT(shared.noc->credit_stall_cycles(), 0.0);
}

TEST(Noc, ContentionIsIdenticalWithQuantumZeroAndOneMicrosecond) {
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(1, sc_core::SC_US));
  NocConfig config = mesh(2, 2, {{0, 0}, {1, 1}});
  config.interleave_bytes = 512;
  // One request in flight per core, as the DMA's requests of one core never tie (its
  // data path spaces them); requests of different cores do tie, and the NoC orders those.
  NocSystem synchronized("q0", config, 4, 200, 128, 1, false, true);
  NocSystem loosely_timed("q1", config, 4, 200, 128, 1, true, true);
  sc_core::sc_start();
  for (std::size_t core = 0; core < 4; ++core) {
    SCOPED_TRACE(core);
    EXPECT_EQ(synchronized.initiators[core]->completions, loosely_timed.initiators[core]->completions);
  }
  EXPECT_EQ(synchronized.noc->credit_stall_cycles(), loosely_timed.noc->credit_stall_cycles());
  EXPECT_GT(synchronized.noc->credit_stall_cycles(), 0.0);
}

}  // namespace
}  // namespace sextant
