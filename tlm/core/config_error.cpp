// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/config_error.h"

#include <utility>

namespace sextant {
namespace {

std::string format_message(const SourceLocation& where, const std::string& key_path,
                           const std::string& expected, const std::string& found) {
  std::string message = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) {
    message += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  }
  message += ": ";
  if (!key_path.empty()) message += "key '" + key_path + "': ";
  message += "expected " + expected + ", found " + found;
  return message;
}

}  // namespace

ConfigError::ConfigError(SourceLocation where, std::string key_path, std::string expected,
                         std::string found)
    : std::runtime_error(format_message(where, key_path, expected, found)),
      m_where(std::move(where)),
      m_key_path(std::move(key_path)),
      m_expected(std::move(expected)),
      m_found(std::move(found)) {}

}  // namespace sextant
