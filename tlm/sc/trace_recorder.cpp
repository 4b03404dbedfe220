// SPDX-License-Identifier: Apache-2.0
#include "tlm/sc/trace_recorder.h"

#include <nlohmann/json.hpp>

namespace sextant {

TraceRecorder::TraceRecorder(double cycle_ns, sc_core::sc_time granularity)
    : m_cycle_ns(cycle_ns), m_granularity_us(granularity.to_seconds() * 1e6) {
  track("ops");
}

int TraceRecorder::track(const std::string& name) {
  m_tracks.push_back(name);
  m_pending.emplace_back();
  m_has_pending.push_back(false);
  return static_cast<int>(m_tracks.size()) - 1;
}

void TraceRecorder::span(int track, const std::string& name, sc_core::sc_time begin, sc_core::sc_time end,
                         double busy_cycles) {
  const auto t = static_cast<std::size_t>(track);
  const double begin_us = begin.to_seconds() * 1e6;
  const double end_us = end.to_seconds() * 1e6;
  Event& pending = m_pending[t];
  if (m_has_pending[t] && pending.name == name && begin_us - pending.end_us < m_granularity_us &&
      begin_us >= pending.end_us) {
    pending.end_us = end_us;
    pending.busy_cycles += busy_cycles;
    ++pending.spans;
    return;
  }
  flush(track);
  pending = Event{name, track, begin_us, end_us, busy_cycles, 1};
  m_has_pending[t] = true;
}

void TraceRecorder::op_span(const std::string& name, sc_core::sc_time begin, sc_core::sc_time end) {
  flush(0);
  m_events.push_back(Event{name, 0, begin.to_seconds() * 1e6, end.to_seconds() * 1e6,
                           (end - begin).to_seconds() * 1e9 / m_cycle_ns, 1});
}

void TraceRecorder::flush(int track) {
  const auto t = static_cast<std::size_t>(track);
  if (!m_has_pending[t]) return;
  m_events.push_back(m_pending[t]);
  m_has_pending[t] = false;
}

void TraceRecorder::write_json(std::ostream& out) {
  for (std::size_t t = 0; t < m_tracks.size(); ++t) flush(static_cast<int>(t));
  nlohmann::json events = nlohmann::json::array();
  for (std::size_t t = 0; t < m_tracks.size(); ++t) {
    events.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", 1}, {"tid", t},
                      {"args", {{"name", m_tracks[t]}}}});
  }
  for (const Event& event : m_events) {
    events.push_back({{"ph", "X"},
                      {"name", event.name},
                      {"pid", 1},
                      {"tid", event.track},
                      {"ts", event.begin_us},
                      {"dur", event.end_us - event.begin_us},
                      {"args", {{"busy_cycles", event.busy_cycles}, {"spans", event.spans}}}});
  }
  nlohmann::json trace = {{"traceEvents", events}, {"displayTimeUnit", "ns"}};
  out << trace.dump() << "\n";
}

}  // namespace sextant
