// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <systemc>
#include <tlm>

namespace sextant {

/// Set on a payload by its initiator (the DMA), filled by the NoC: how long the
/// transaction spent in the network (both legs, queueing and credit stalls included), so
/// that the PE array's stalls on a transfer can be split between `noc` and memory.
struct NocTimeExtension : tlm::tlm_extension<NocTimeExtension> {
  sc_core::sc_time network = sc_core::SC_ZERO_TIME;

  tlm::tlm_extension_base* clone() const override { return new NocTimeExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    network = static_cast<const NocTimeExtension&>(other).network;
  }
};

}  // namespace sextant
