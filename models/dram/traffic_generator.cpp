// SPDX-License-Identifier: Apache-2.0
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn: one process per outstanding request
#include "models/dram/traffic_generator.h"

#include <vector>

#include "tlm/sc/checked_transport.h"

namespace sextant {
namespace {

const std::pair<const char*, TrafficPattern> kPatterns[] = {
    {"seq-read", TrafficPattern::kSeqRead},     {"seq-write", TrafficPattern::kSeqWrite},
    {"random-read", TrafficPattern::kRandomRead}, {"mixed-2r1w", TrafficPattern::kMixed2r1w},
    {"strided-8k", TrafficPattern::kStrided8k}, {"latency", TrafficPattern::kLatency}};

/// SplitMix64: a well-mixed 64-bit value from (seed, index), order-independent.
std::uint64_t mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

}  // namespace

std::optional<TrafficPattern> traffic_pattern_from_name(const std::string& name) {
  for (const auto& [text, pattern] : kPatterns) {
    if (name == text) return pattern;
  }
  return std::nullopt;
}

std::string traffic_pattern_names() {
  std::string names;
  for (const auto& [text, pattern] : kPatterns) names += (names.empty() ? "" : ", ") + std::string(text);
  return names;
}

TrafficGenerator::TrafficGenerator(sc_core::sc_module_name name, const TrafficConfig& config)
    : sc_core::sc_module(name), out("out"), m_config(config) {
  const int processes = config.pattern == TrafficPattern::kLatency ? 1 : config.outstanding;
  for (int i = 0; i < processes; ++i) {
    sc_core::sc_spawn([this] { worker(); }, sc_core::sc_gen_unique_name("worker"));
  }
}

std::uint64_t TrafficGenerator::address_of(std::uint64_t index, bool& write) const {
  const std::uint64_t bytes = m_config.request_bytes;
  const std::uint64_t slots = m_config.capacity_bytes / bytes;
  write = false;
  switch (m_config.pattern) {
    case TrafficPattern::kSeqRead:
      return index * bytes % m_config.capacity_bytes;
    case TrafficPattern::kSeqWrite:
      write = true;
      return index * bytes % m_config.capacity_bytes;
    case TrafficPattern::kRandomRead:
    case TrafficPattern::kLatency:
      return mix(m_config.seed * 0x100000001B3ULL + index) % slots * bytes;
    case TrafficPattern::kMixed2r1w: {
      // Two sequential streams: reads in the lower half, every third request a write to
      // the upper half.
      const std::uint64_t group = index / 3;
      if (index % 3 == 2) {
        write = true;
        return m_config.capacity_bytes / 2 + group * bytes % (m_config.capacity_bytes / 2);
      }
      return (group * 2 + index % 3) * bytes % (m_config.capacity_bytes / 2);
    }
    case TrafficPattern::kStrided8k:
      return index * 8192 % m_config.capacity_bytes;
  }
  return 0;
}

void TrafficGenerator::worker() {
  tlm::tlm_generic_payload payload;  // one per process: no allocation per request
  payload.set_data_ptr(nullptr);
  payload.set_data_length(m_config.request_bytes);
  payload.set_streaming_width(m_config.request_bytes);
  payload.set_byte_enable_ptr(nullptr);
  while (m_next < m_config.requests) {
    const std::uint64_t index = m_next++;
    bool write = false;
    payload.set_address(address_of(index, write));
    payload.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    checked_b_transport(*out.operator->(), name(), payload, delay);
    if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    m_bytes += m_config.request_bytes;
    if (sc_core::sc_time_stamp() > m_last_completion) m_last_completion = sc_core::sc_time_stamp();
  }
}

}  // namespace sextant
