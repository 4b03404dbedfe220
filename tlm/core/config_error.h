// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace sextant {

/// Where a value came from: a file and a 1-based line and column (0 when unknown,
/// e.g. for a value given with --set on the command line).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// The one error type for bad user input (configuration, workloads, mappings).
/// Its message is a single line: "file:line:column: key 'a.b.c': expected X, found Y".
/// Caught in main(), printed, and turned into exit status 2.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourceLocation where, std::string key_path, std::string expected,
              std::string found);

  const SourceLocation& where() const { return m_where; }
  const std::string& key_path() const { return m_key_path; }
  const std::string& expected() const { return m_expected; }
  const std::string& found() const { return m_found; }

 private:
  SourceLocation m_where;
  std::string m_key_path;
  std::string m_expected;
  std::string m_found;
};

/// A broken internal invariant (a model bug, not a user error). Names the component.
class ModelError : public std::logic_error {
 public:
  ModelError(const std::string& component, const std::string& what)
      : std::logic_error(component + ": " + what) {}
};

}  // namespace sextant
