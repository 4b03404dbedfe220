// SPDX-License-Identifier: Apache-2.0
// The socket layer's run-time TLM invariant checks (tlm/sc/checked_transport.h) catch a
// target that breaks the rules. They are compiled in with SEXTANT_TLM_CHECKS, as the
// test build (scripts/test.sh) and Debug builds do.
#include <gtest/gtest.h>
#include <systemc>
#include <tlm>

#include "tlm/core/config_error.h"
#include "tlm/sc/checked_transport.h"

namespace sextant {
namespace {

/// A target whose misbehaviour the test chooses.
class FaultyTarget : public tlm::tlm_fw_transport_if<> {
 public:
  enum class Fault { kNone, kTimeBackwards, kNoResponse, kDebugAdvancesTime };
  explicit FaultyTarget(Fault fault) : m_fault(fault) {}

  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) override {
    if (m_fault == Fault::kTimeBackwards) delay -= sc_core::sc_time(1, sc_core::SC_NS);
    if (m_fault != Fault::kNoResponse) payload.set_response_status(tlm::TLM_OK_RESPONSE);
  }
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload) override {
    if (m_fault == Fault::kDebugAdvancesTime) sc_core::wait(1, sc_core::SC_NS);
    return payload.get_data_length();
  }
  tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload&, tlm::tlm_phase&, sc_core::sc_time&) override {
    return tlm::TLM_COMPLETED;
  }
  bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }

 private:
  Fault m_fault;
};

#ifdef SEXTANT_TLM_CHECKS
constexpr bool kChecksOn = true;
#else
constexpr bool kChecksOn = false;
#endif

void transport(FaultyTarget::Fault fault) {
  FaultyTarget target(fault);
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_READ_COMMAND);
  sc_core::sc_time delay(10, sc_core::SC_NS);
  checked_b_transport(target, "test.initiator", payload, delay);
}

TEST(TlmInvariants, WellBehavedTargetPasses) { EXPECT_NO_THROW(transport(FaultyTarget::Fault::kNone)); }

TEST(TlmInvariants, AnnotatedTimeGoingBackwardsIsCaught) {
  if (!kChecksOn) GTEST_SKIP() << "built without SEXTANT_TLM_CHECKS";
  EXPECT_THROW(transport(FaultyTarget::Fault::kTimeBackwards), ModelError);
}

TEST(TlmInvariants, MissingResponseStatusIsCaught) {
  if (!kChecksOn) GTEST_SKIP() << "built without SEXTANT_TLM_CHECKS";
  EXPECT_THROW(transport(FaultyTarget::Fault::kNoResponse), ModelError);
}

/// Calls a debug transport from a thread so that the target can (wrongly) wait.
class DebugCaller : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(DebugCaller);
  explicit DebugCaller(sc_core::sc_module_name name) : sc_core::sc_module(name) { SC_THREAD(run_thread); }
  bool caught = false;

 private:
  void run_thread() {
    FaultyTarget target(FaultyTarget::Fault::kDebugAdvancesTime);
    tlm::tlm_generic_payload payload;
    try {
      checked_transport_dbg(target, name(), payload);
    } catch (const ModelError&) {
      caught = true;
    }
  }
};

TEST(TlmInvariants, DebugAccessAdvancingTimeIsCaught) {
  if (!kChecksOn) GTEST_SKIP() << "built without SEXTANT_TLM_CHECKS";
  DebugCaller caller("caller");
  sc_core::sc_start();
  EXPECT_TRUE(caller.caught);
}

}  // namespace
}  // namespace sextant
