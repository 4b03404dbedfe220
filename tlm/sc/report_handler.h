// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace sextant {

/// A SystemC report of severity error or fatal (or warning, when asked), as an exception.
class SystemcReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Routes SystemC reports: info is dropped, warnings are printed (or thrown when
/// warnings_are_errors, as tests want), errors and fatals throw SystemcReportError so
/// that main() reports them in one line instead of SystemC aborting the process.
void install_report_handler(bool warnings_are_errors);

}  // namespace sextant
