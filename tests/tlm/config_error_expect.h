// SPDX-License-Identifier: Apache-2.0
// Shared by the core tests: run code that must throw ConfigError and check its message.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "tlm/core/config_error.h"

namespace sextant::testing {

/// Runs `body`, which must throw ConfigError, and returns the error's one-line message
/// after checking that it contains every string in `parts` (location, key, expected,
/// found). Fails the test when nothing is thrown.
inline std::string expect_config_error(const std::function<void()>& body,
                                       const std::vector<std::string>& parts) {
  try {
    body();
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    for (const std::string& part : parts) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "message: " << message << "\nmissing: " << part;
    }
    return message;
  }
  ADD_FAILURE() << "expected a ConfigError";
  return "";
}

}  // namespace sextant::testing
