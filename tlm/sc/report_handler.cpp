// SPDX-License-Identifier: Apache-2.0
#include "tlm/sc/report_handler.h"

#include <iostream>

#include <systemc>

namespace sextant {
namespace {

bool g_warnings_are_errors = false;

void handle_report(const sc_core::sc_report& report, const sc_core::sc_actions& /*actions*/) {
  const std::string text = std::string(report.get_msg_type()) + ": " + report.get_msg();
  switch (report.get_severity()) {
    case sc_core::SC_INFO:
      return;
    case sc_core::SC_WARNING:
      if (!g_warnings_are_errors) {
        std::cerr << "SystemC warning: " << text << "\n";
        return;
      }
      throw SystemcReportError("SystemC warning: " + text);
    default:
      throw SystemcReportError("SystemC error: " + text);
  }
}

}  // namespace

void install_report_handler(bool warnings_are_errors) {
  g_warnings_are_errors = warnings_are_errors;
  sc_core::sc_report_handler::set_handler(&handle_report);
}

}  // namespace sextant
