// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include <systemc>
#include <tlm>

#include "tlm/core/config_error.h"

namespace sextant {

/// Every initiator in Sextant calls its targets through these two functions so that the
/// TLM-2.0 invariants are checked at run time (when built with SEXTANT_TLM_CHECKS, as
/// Debug and CI builds are): the annotated delay never goes backwards across a call, a
/// response status is always set, and a debug access never advances time. A violation is
/// a model bug and throws ModelError naming the initiator.
inline void checked_b_transport(tlm::tlm_fw_transport_if<>& target, const char* initiator,
                                tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
#ifdef SEXTANT_TLM_CHECKS
  const sc_core::sc_time delay_before = delay;
  const sc_core::sc_time now_before = sc_core::sc_time_stamp();
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  target.b_transport(payload, delay);
  if (sc_core::sc_time_stamp() + delay < now_before + delay_before) {
    throw ModelError(initiator, "b_transport time went backwards");
  }
  if (payload.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) {
    throw ModelError(initiator, "b_transport returned without a response status");
  }
#else
  (void)initiator;
  target.b_transport(payload, delay);
#endif
  if (payload.is_response_error()) {
    throw ModelError(initiator, "transaction at address " + std::to_string(payload.get_address()) +
                                    " failed: " + payload.get_response_string());
  }
}

inline unsigned checked_transport_dbg(tlm::tlm_fw_transport_if<>& target, const char* initiator,
                                      tlm::tlm_generic_payload& payload) {
#ifdef SEXTANT_TLM_CHECKS
  const sc_core::sc_time now_before = sc_core::sc_time_stamp();
  const unsigned bytes = target.transport_dbg(payload);
  if (sc_core::sc_time_stamp() != now_before) {
    throw ModelError(initiator, "time advanced during a debug access");
  }
  return bytes;
#else
  (void)initiator;
  return target.transport_dbg(payload);
#endif
}

}  // namespace sextant
