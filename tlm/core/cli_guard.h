// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <exception>
#include <iostream>
#include <stdexcept>

#include <boost/program_options/errors.hpp>

#include "tlm/core/config_error.h"

namespace sextant {

/// Exit statuses shared by every Sextant executable (each one's --help lists them).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFunctionalFailure = 1;  ///< a functional-mode check failed
inline constexpr int kExitBadInput = 2;           ///< bad file, key or command-line value
inline constexpr int kExitModelError = 3;         ///< anything else: an internal error

/// A command-line value that only the program can judge after parsing (an unknown
/// pattern name, a size out of range): printed as "error: <message>", exit 2.
class CommandLineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs a command-line program's body and turns what escapes it into one line on stderr
/// and the exit status: ConfigError and CommandLineError "error: ..." (2), a
/// Boost.Program_options error "error: command line: ... (see --help)" (2), any other
/// exception "internal error: ..." (3). Header-only: the executables that include it
/// link Boost.Program_options already.
template <typename Body>
int run_guarded(Body&& body) {
  try {
    return body();
  } catch (const ConfigError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const CommandLineError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const boost::program_options::error& error) {
    std::cerr << "error: command line: " << error.what() << " (see --help)\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    std::cerr << "internal error: " << error.what() << "\n";
    return kExitModelError;
  }
}

}  // namespace sextant
