// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace sextant {

/// Synthetic traffic shapes of sextant-dram-bench.
enum class TrafficPattern { kSeqRead, kSeqWrite, kRandomRead, kMixed2r1w, kStrided8k, kLatency };

/// "seq-read" -> kSeqRead ...; nullopt for an unknown name.
std::optional<TrafficPattern> traffic_pattern_from_name(const std::string& name);
/// "seq-read, seq-write, ..." for messages.
std::string traffic_pattern_names();

struct TrafficConfig {
  TrafficPattern pattern = TrafficPattern::kSeqRead;
  std::uint64_t requests = 20000;      ///< requests in total
  int outstanding = 16;                ///< requests in flight (1 for kLatency)
  std::uint32_t request_bytes = 64;    ///< bytes per request
  std::uint64_t capacity_bytes = 0;    ///< address range of the random patterns
  std::uint64_t seed = 1;
};

/// Issues a synthetic request stream with `outstanding` processes, each taking the next
/// request of one shared sequence when its previous one completes. Addresses are a pure
/// function of (seed, request index), so runs are deterministic whatever the process order.
class TrafficGenerator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TrafficGenerator> out;

  TrafficGenerator(sc_core::sc_module_name name, const TrafficConfig& config);

  std::uint64_t bytes_moved() const { return m_bytes; }
  sc_core::sc_time last_completion() const { return m_last_completion; }

 private:
  void worker();
  std::uint64_t address_of(std::uint64_t index, bool& write) const;

  const TrafficConfig m_config;
  std::uint64_t m_next = 0;
  std::uint64_t m_bytes = 0;
  sc_core::sc_time m_last_completion = sc_core::SC_ZERO_TIME;
};

}  // namespace sextant
