// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <systemc>

namespace sextant {

/// Records what each component was busy with, as Chrome trace-event JSON ("X" complete
/// events, one track per component) that Perfetto and chrome://tracing open.
///
/// To keep a whole network's trace usable, consecutive spans of the same name on a track
/// merge when the gap between them is below the granularity; a merged event says how many
/// spans it holds and their busy time, so busy time is conserved whatever the granularity.
class TraceRecorder {
 public:
  /// granularity: gaps shorter than this merge (zero keeps every span).
  TraceRecorder(double cycle_ns, sc_core::sc_time granularity);

  /// A named track (e.g. "accelerator.pe_array"); returns its id.
  int track(const std::string& name);
  /// One busy span of a track, [begin, end), with the cycles it was really busy.
  void span(int track, const std::string& name, sc_core::sc_time begin, sc_core::sc_time end,
            double busy_cycles);
  /// A named interval on the "ops" track (one per op of the network).
  void op_span(const std::string& name, sc_core::sc_time begin, sc_core::sc_time end);

  /// Writes {"traceEvents": [...], "displayTimeUnit": "ns"}; times are in microseconds as
  /// the format requires, with a `busy_cycles` argument on every event.
  void write_json(std::ostream& out);

 private:
  struct Event {
    std::string name;
    int track = 0;
    double begin_us = 0.0;
    double end_us = 0.0;
    double busy_cycles = 0.0;
    std::uint64_t spans = 0;
  };
  void flush(int track);

  const double m_cycle_ns;
  const double m_granularity_us;
  std::vector<std::string> m_tracks;
  std::vector<Event> m_pending;  ///< per track: the event still open to merging
  std::vector<bool> m_has_pending;
  std::vector<Event> m_events;
};

}  // namespace sextant
