// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "surrogate/dataset_schema.h"
#include "surrogate/run_identity.h"

namespace sextant {

/// The source of truth of a run: an append-only text file, one header line (the run's
/// identity) then one line per finished sample (row_codec), each appended with a single
/// write() and fdatasync()ed before the sample counts as finished. A kill can only tear
/// the last line, which open_journal() drops. The .h5 file is rebuilt from it.
class Journal {
 public:
  /// Creates a new journal (fails if one exists: finished data is never overwritten).
  /// Throws ConfigError (exit 2) when the file cannot be created.
  static Journal create(const std::string& path, const RunIdentity& identity);
  /// Opens an existing journal for --resume: checks its identity against `identity`,
  /// reads every complete row into `rows` and cuts a torn last line. Throws ConfigError
  /// for a missing, foreign or corrupt journal.
  static Journal open(const std::string& path, const RunIdentity& identity, const std::vector<Column>& columns,
                      std::vector<Row>& rows);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  /// Appends one encoded row and makes it durable (write + fdatasync). Throws
  /// std::runtime_error on an I/O error (disk full): the run cannot go on safely.
  void append(const std::string& line);
  /// Group commit: write() lines as they come, then one sync() for all of them. A row
  /// counts as finished (the .h5 may show it) only after the sync that follows it.
  void write_line(const std::string& line);
  void sync();
  const std::string& path() const { return m_path; }

 private:
  Journal(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  std::string m_path;
  int m_fd = -1;
};

/// The header line of a journal (JSON, no newline).
std::string journal_header(const RunIdentity& identity);

/// Writes all bytes or throws std::runtime_error naming path.
void write_fully(int fd, const std::string& data, const std::string& path);

}  // namespace sextant
